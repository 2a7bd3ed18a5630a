//! FNV-1a, 64 and 32 bits: a stable content hash with no dependency, for names and comparisons (the key of the
//! view drawn at build time, the offline cache's build name, the dev server's entity tags, the edition of the
//! published dataset), never a security check. The 32-bit one is the one JavaScript can compute exactly
//! (`echarts/first-chart.js` checks the dataset's edition with it).

/// One FNV-1a width: the hasher type and its one-shot function, from the word, the offset basis and the prime.
macro_rules! fnv {
    ($bits:literal, $hasher:ident, $oneshot:ident, $word:ty, $basis:expr, $prime:expr) => {
        #[doc = concat!("An FNV-1a ", $bits, " hasher, fed in as many pieces as wanted.")]
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub struct $hasher($word);

        impl Default for $hasher {
            fn default() -> Self {
                $hasher::new()
            }
        }

        impl $hasher {
            /// A hasher that has read nothing (FNV's offset basis).
            pub const fn new() -> Self {
                $hasher($basis)
            }

            /// Reads more bytes.
            pub fn write(&mut self, bytes: &[u8]) {
                for b in bytes {
                    self.0 = (self.0 ^ <$word>::from(*b)).wrapping_mul($prime);
                }
            }

            /// The hash of everything read so far.
            pub fn finish(&self) -> $word {
                self.0
            }
        }

        #[doc = concat!("The FNV-1a ", $bits, " hash of `bytes`.")]
        pub fn $oneshot(bytes: &[u8]) -> $word {
            let mut h = $hasher::new();
            h.write(bytes);
            h.finish()
        }
    };
}

fnv!("64", Fnv64, fnv1a_64, u64, 0xcbf2_9ce4_8422_2325, 0x0000_0100_0000_01b3);
fnv!("32", Fnv32, fnv1a_32, u32, 0x811c_9dc5, 0x0100_0193);

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
