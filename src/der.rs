//! A small DER reader: just what X.509 certificates need (definite lengths, low tag numbers).
//!
//! It replaces x509-parser (and its der-parser, asn1-rs, nom, num-bigint and OID registry), which
//! cost about a fifth of the page's wasm for the few structures `cert.rs` reads. Every read is
//! bounds-checked and returns an error naming what was expected; nothing here panics on input.

use std::fmt::Write as _;

// Universal tags (the identifier byte, class and constructed bit included).
/// BOOLEAN.
pub const BOOLEAN: u8 = 0x01;
/// INTEGER.
pub const INTEGER: u8 = 0x02;
/// BIT STRING.
pub const BIT_STRING: u8 = 0x03;
/// OCTET STRING.
pub const OCTET_STRING: u8 = 0x04;
/// OBJECT IDENTIFIER.
pub const OID: u8 = 0x06;
/// UTCTime.
pub const UTC_TIME: u8 = 0x17;
/// GeneralizedTime.
pub const GENERALIZED_TIME: u8 = 0x18;
/// SEQUENCE (constructed).
pub const SEQUENCE: u8 = 0x30;
/// SET (constructed).
pub const SET: u8 = 0x31;

/// A context-specific tag `[n]`, constructed (EXPLICIT, or IMPLICIT of a constructed type).
pub const fn explicit(n: u8) -> u8 {
    0xa0 | n
}

/// A context-specific tag `[n]`, primitive (IMPLICIT of a primitive type).
pub const fn implicit(n: u8) -> u8 {
    0x80 | n
}

/// One tag-length-value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tlv<'a> {
    /// The identifier byte.
    pub tag: u8,
    /// The value's bytes.
    pub value: &'a [u8],
    /// The whole encoding, identifier and length included.
    pub raw: &'a [u8],
}

impl<'a> Tlv<'a> {
    /// A reader over this value's contents (for constructed values).
    pub fn reader(&self) -> Reader<'a> {
        Reader::new(self.value)
    }
}

/// Reads TLVs one after another from a byte slice.
#[derive(Debug, Clone)]
pub struct Reader<'a> {
    rest: &'a [u8],
}

/// What went wrong, in words ("expected a SEQUENCE, found tag 0x02").
pub type Error = String;

impl<'a> Reader<'a> {
    /// A reader at the start of `bytes`.
    pub fn new(bytes: &'a [u8]) -> Reader<'a> {
        Reader { rest: bytes }
    }

    /// Whether everything has been read.
    pub fn is_empty(&self) -> bool {
        self.rest.is_empty()
    }

    /// The bytes not read yet.
    pub fn rest(&self) -> &'a [u8] {
        self.rest
    }

    /// The next TLV's identifier byte, without reading it.
    pub fn peek(&self) -> Option<u8> {
        self.rest.first().copied()
    }

    /// Reads the next TLV, whatever its tag.
    pub fn any(&mut self) -> Result<Tlv<'a>, Error> {
        let input = self.rest;
        let (&tag, after_tag) =
            input.split_first().ok_or("expected more DER data, found the end")?;
        if tag & 0x1f == 0x1f {
            return Err(format!("tag 0x{tag:02x} uses a high tag number, which X.509 never does"));
        }
        let (&first, after_len) =
            after_tag.split_first().ok_or("a DER length is missing at the end of the data")?;
        let (len, body) = match first {
            0..=0x7f => (usize::from(first), after_len),
            0x80 => return Err(String::from("an indefinite length is not DER")),
            _ => {
                let count = usize::from(first & 0x7f);
                if count > 4 {
                    return Err(format!("a {count}-byte DER length is too long"));
                }
                let bytes = after_len.get(..count).ok_or("a DER length is cut short")?;
                let len = bytes.iter().fold(0usize, |acc, b| (acc << 8) | usize::from(*b));
                (len, after_len.get(count..).unwrap_or_default())
            }
        };
        let value = body.get(..len).ok_or_else(|| {
            format!("a DER value claims {len} bytes but only {} remain", body.len())
        })?;
        let header = input.len() - body.len();
        let raw = input.get(..header + len).unwrap_or(input);
        self.rest = body.get(len..).unwrap_or_default();
        Ok(Tlv { tag, value, raw })
    }

    /// Reads the next TLV, which must have tag `tag`.
    pub fn expect(&mut self, tag: u8, what: &str) -> Result<Tlv<'a>, Error> {
        match self.peek() {
            Some(found) if found == tag => self.any(),
            Some(found) => Err(format!("expected {what}, found tag 0x{found:02x}")),
            None => Err(format!("expected {what}, found the end")),
        }
    }

    /// Reads the next TLV if it has tag `tag`.
    pub fn optional(&mut self, tag: u8) -> Result<Option<Tlv<'a>>, Error> {
        if self.peek() == Some(tag) {
            self.any().map(Some)
        } else {
            Ok(None)
        }
    }
}

/// An OBJECT IDENTIFIER's value as dotted decimal (`1.2.840.113549.1.1.11`).
pub fn oid_string(value: &[u8]) -> Result<String, Error> {
    let mut out = String::new();
    let mut arc: u128 = 0;
    let mut first = true;
    if value.is_empty() || value.last().is_some_and(|b| b & 0x80 != 0) {
        return Err(String::from("an OBJECT IDENTIFIER is empty or cut short"));
    }
    for &byte in value {
        arc = arc
            .checked_mul(128)
            .map(|a| a | u128::from(byte & 0x7f))
            .ok_or("an OBJECT IDENTIFIER arc is too large")?;
        if byte & 0x80 != 0 {
            continue;
        }
        if first {
            let (a, b) = match arc {
                0..=39 => (0, arc),
                40..=79 => (1, arc - 40),
                _ => (2, arc - 80),
            };
            let _ = write!(out, "{a}.{b}");
            first = false;
        } else {
            let _ = write!(out, ".{arc}");
        }
        arc = 0;
    }
    Ok(out)
}

/// A BIT STRING's bits (after its unused-bits byte).
pub fn bit_string(value: &[u8]) -> Result<&[u8], Error> {
    match value.split_first() {
        Some((&unused, bits)) if unused < 8 && !(bits.is_empty() && unused != 0) => Ok(bits),
        _ => Err(String::from("a BIT STRING is malformed")),
    }
}

/// A BOOLEAN's value.
pub fn boolean(value: &[u8]) -> Result<bool, Error> {
    match value {
        [byte] => Ok(*byte != 0),
        _ => Err(String::from("a BOOLEAN is not one byte")),
    }
}

/// A small non-negative INTEGER's value.
pub fn small_uint(value: &[u8]) -> Result<u64, Error> {
    if value.first().is_some_and(|b| b & 0x80 != 0) {
        return Err(String::from("an INTEGER is negative"));
    }
    let digits = match value {
        [0, rest @ ..] => rest,
        _ => value,
    };
    if value.is_empty() || digits.len() > 8 {
        return Err(String::from("an INTEGER is empty or too large"));
    }
    Ok(digits.iter().fold(0u64, |acc, b| (acc << 8) | u64::from(*b)))
}

/// The bit length of an unsigned big-endian number (leading zero bytes ignored).
pub fn bit_length(value: &[u8]) -> usize {
    let digits = match value.iter().position(|b| *b != 0) {
        Some(at) => value.get(at..).unwrap_or_default(),
        None => return 0,
    };
    let top = digits.first().copied().unwrap_or(0);
    digits.len() * 8 - top.leading_zeros() as usize
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn oids_decode_to_dotted_decimal() {
        assert_eq!(
            oid_string(&[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0b]).unwrap(),
            "1.2.840.113549.1.1.11"
        );
        assert_eq!(oid_string(&[0x55, 0x1d, 0x11]).unwrap(), "2.5.29.17");
        assert_eq!(oid_string(&[0x88, 0x37, 0x01]).unwrap(), "2.999.1");
        assert!(oid_string(&[0x2a, 0x86]).is_err());
        assert!(oid_string(&[]).is_err());
    }

    #[test]
    fn lengths_short_long_and_bad() {
        let mut long = vec![0x04, 0x81, 0x80];
        long.extend([7u8; 128]);
        let tlv = Reader::new(&long).any().unwrap();
        assert_eq!((tlv.tag, tlv.value.len(), tlv.raw.len()), (0x04, 128, 131));
        assert!(Reader::new(&[0x30, 0x80, 0, 0]).any().is_err());
        assert!(Reader::new(&[0x30, 0x05, 1]).any().is_err());
        assert!(Reader::new(&[0x30, 0x85, 1, 1, 1, 1, 1]).any().is_err());
        assert!(Reader::new(&[0x1f, 0x01, 0]).any().is_err());
        assert!(Reader::new(&[0x30]).any().is_err());
    }

    #[test]
    fn bit_lengths_are_exact() {
        assert_eq!(bit_length(&[0x00, 0x80, 0]), 16);
        assert_eq!(bit_length(&[0x7f, 0]), 15);
        assert_eq!(bit_length(&[0, 0]), 0);
        assert_eq!(small_uint(&[0x00, 0xff]).unwrap(), 255);
        assert!(small_uint(&[0xff]).is_err());
    }
}
