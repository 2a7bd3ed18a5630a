//! FNV-1a, 64 and 32 bits: a stable content hash with no dependency, for names and comparisons (the key of the
//! view drawn at build time, the offline cache's build name, the dev server's entity tags, the edition of the
//! published dataset), never a security check. The 32-bit one is the one JavaScript can compute exactly
//! (`echarts/first-chart.js` checks the dataset's edition with it).

/// An FNV-1a 64 hasher, fed in as many pieces as wanted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fnv64(u64);

impl Default for Fnv64 {
    fn default() -> Self {
        Fnv64::new()
    }
}

impl Fnv64 {
    /// A hasher that has read nothing (FNV's offset basis).
    pub const fn new() -> Self {
        Fnv64(0xcbf2_9ce4_8422_2325)
    }

    /// Reads more bytes.
    pub fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = (self.0 ^ u64::from(*b)).wrapping_mul(0x0000_0100_0000_01b3);
        }
    }

    /// The hash of everything read so far.
    pub fn finish(&self) -> u64 {
        self.0
    }
}

/// The FNV-1a 64 hash of `bytes`.
pub fn fnv1a_64(bytes: &[u8]) -> u64 {
    let mut h = Fnv64::new();
    h.write(bytes);
    h.finish()
}

/// An FNV-1a 32 hasher, fed in as many pieces as wanted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fnv32(u32);

impl Default for Fnv32 {
    fn default() -> Self {
        Fnv32::new()
    }
}

impl Fnv32 {
    /// A hasher that has read nothing (FNV's offset basis).
    pub const fn new() -> Self {
        Fnv32(0x811c_9dc5)
    }

    /// Reads more bytes.
    pub fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = (self.0 ^ u32::from(*b)).wrapping_mul(0x0100_0193);
        }
    }

    /// The hash of everything read so far.
    pub fn finish(&self) -> u32 {
        self.0
    }
}

/// The FNV-1a 32 hash of `bytes`.
pub fn fnv1a_32(bytes: &[u8]) -> u32 {
    let mut h = Fnv32::new();
    h.write(bytes);
    h.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_hash_is_the_standard_64_bit_fnv1a_whole_or_in_pieces() {
        assert_eq!(fnv1a_64(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a_64(b"a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(fnv1a_64(b"foobar"), 0x8594_4171_f739_67e8);
        let mut h = Fnv64::new();
        h.write(b"foo");
        h.write(b"bar");
        assert_eq!(h.finish(), fnv1a_64(b"foobar"));
    }

    #[test]
    fn the_32_bit_hash_is_the_standard_fnv1a_whole_or_in_pieces() {
        assert_eq!(fnv1a_32(b""), 0x811c_9dc5);
        assert_eq!(fnv1a_32(b"a"), 0xe40c_292c);
        assert_eq!(fnv1a_32(b"foobar"), 0xbf9c_f968);
        let mut h = Fnv32::new();
        h.write(b"foo");
        h.write(b"bar");
        assert_eq!(h.finish(), fnv1a_32(b"foobar"));
    }
}
