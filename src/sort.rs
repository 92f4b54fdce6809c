//! A stable sort by key, shared by every caller.
//!
//! The standard library's sort is fast but instantiated again for every element type: five call
//! sites cost about 18 KB of wasm. Here the merging is written once, over indices, with the
//! comparison behind a `dyn Fn`; each caller instantiates only the small key and move steps. The
//! lists sorted are short (findings, identities, the pieces of a paste, redaction hits), and the
//! merge sort is O(n log n) however long they get.

/// Sorts `items` by `key`, keeping the order of equal keys (like `slice::sort_by_key`).
pub fn by_key<T, K: Ord>(items: &mut Vec<T>, key: impl Fn(&T) -> K) {
    if items.len() < 2 {
        return;
    }
    let keys: Vec<K> = items.iter().map(key).collect();
    let order = stable_order(keys.len(), &|a, b| keys.get(a) <= keys.get(b));
    let mut slots: Vec<Option<T>> = items.drain(..).map(Some).collect();
    items.extend(order.into_iter().filter_map(|at| slots.get_mut(at).and_then(Option::take)));
}

/// The indices `0..n` in stable sorted order, where `le(a, b)` says item `a` may come before `b`
/// (a bottom-up merge sort).
fn stable_order(n: usize, le: &dyn Fn(usize, usize) -> bool) -> Vec<usize> {
    let mut order: Vec<usize> = (0..n).collect();
    let mut next = Vec::with_capacity(n);
    let mut width = 1;
    while width < n {
        next.clear();
        for pair in order.chunks(2 * width) {
            let (left, right) = pair.split_at(width.min(pair.len()));
            let (mut left, mut right) = (left.iter().peekable(), right.iter().peekable());
            loop {
                match (left.peek(), right.peek()) {
                    (Some(&&a), Some(&&b)) => {
                        if le(a, b) {
                            next.push(a);
                            left.next();
                        } else {
                            next.push(b);
                            right.next();
                        }
                    }
                    (Some(_), None) => {
                        next.extend(left);
                        break;
                    }
                    (None, _) => {
                        next.extend(right);
                        break;
                    }
                }
            }
        }
        std::mem::swap(&mut order, &mut next);
        width *= 2;
    }
    order
}

#[cfg(test)]
mod tests {
    use super::by_key;

    #[test]
    fn sorts_like_the_standard_library_and_is_stable() {
        // Deterministic pseudo-random keys with many ties; the payload records the input order.
        let mut x: u32 = 12345;
        for len in [0usize, 1, 2, 3, 7, 8, 9, 100, 1000] {
            let items: Vec<(u32, usize)> = (0..len)
                .map(|i| {
                    x = x.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
                    (x >> 28, i)
                })
                .collect();
            let mut ours = items.clone();
            by_key(&mut ours, |it| it.0);
            let mut std_sorted = items;
            std_sorted.sort_by_key(|it| it.0);
            assert_eq!(ours, std_sorted, "len {len}");
        }
    }
}
