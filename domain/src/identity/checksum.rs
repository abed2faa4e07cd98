//! ISO 7064 MOD 11-2, the check character of GB 11643-1999 ID numbers, the 港澳台居民居住证 and
//! the 2023 外国人永久居留身份证: S = Σ dᵢ·Wᵢ with Wᵢ = 2^(17−i) mod 11, check = "10X98765432"[S mod 11].

const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS: &[u8; 11] = b"10X98765432";

/// The check character for 17 ASCII digits; `None` if the input is not 17 digits.
pub(crate) fn mod11_2_check(body: &[u8]) -> Option<u8> {
    if body.len() != 17 || !body.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let sum: u32 = body
        .iter()
        .zip(WEIGHTS)
        .map(|(d, w)| u32::from(d - b'0') * w)
        .sum();
    Some(CHECK_CHARS[(sum % 11) as usize])
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn published_examples() {
        // policy-rules.md §10.1: 11010519491231002X → X; 360426199101010071 → 1.
        assert_eq!(mod11_2_check(b"11010519491231002"), Some(b'X'));
        assert_eq!(mod11_2_check(b"36042619910101007"), Some(b'1'));
        assert_eq!(mod11_2_check(b"1101051949123100"), None);
        assert_eq!(mod11_2_check(b"1101051949123100A"), None);
    }

    #[test]
    fn weights_are_powers_of_two_mod_11() {
        for (i, w) in WEIGHTS.iter().enumerate() {
            assert_eq!(*w, 2u32.pow(17 - i as u32) % 11);
        }
    }
}
