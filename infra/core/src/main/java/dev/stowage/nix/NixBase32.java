package dev.stowage.nix;

/** Nix's base-32 encoding (alphabet without e, o, u, t; least significant bits first). */
public final class NixBase32 {
    public static final String ALPHABET = "0123456789abcdfghijklmnpqrsvwxyz";

    private NixBase32() {}

    public static int encodedLength(int bytes) {
        return (bytes * 8 - 1) / 5 + 1;
    }

    public static String encode(byte[] hash) {
        int len = encodedLength(hash.length);
        StringBuilder sb = new StringBuilder(len);
        for (int n = len - 1; n >= 0; n--) {
            int b = n * 5;
            int i = b / 8;
            int j = b % 8;
            int c = (hash[i] & 0xff) >> j;
            if (i + 1 < hash.length) c |= (hash[i + 1] & 0xff) << (8 - j);
            sb.append(ALPHABET.charAt(c & 0x1f));
        }
        return sb.toString();
    }

    public static byte[] decode(String text, int bytes) {
        if (text.length() != encodedLength(bytes)) {
            throw new IllegalArgumentException("nix-base32 of " + bytes + " bytes must have " + encodedLength(bytes)
                    + " characters, got " + text.length());
        }
        byte[] out = new byte[bytes];
        for (int n = 0; n < text.length(); n++) {
            char ch = text.charAt(text.length() - n - 1);
            int digit = ALPHABET.indexOf(ch);
            if (digit < 0) throw new IllegalArgumentException("invalid nix-base32 character '" + ch + "'");
            int b = n * 5;
            int i = b / 8;
            int j = b % 8;
            out[i] |= (byte) (digit << j);
            int carry = digit >> (8 - j);
            if (i + 1 < bytes) {
                out[i + 1] |= (byte) carry;
            } else if (carry != 0) {
                throw new IllegalArgumentException("nix-base32 value '" + text + "' does not fit in " + bytes + " bytes");
            }
        }
        return out;
    }

    public static boolean isValid(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (ALPHABET.indexOf(text.charAt(i)) < 0) return false;
        }
        return true;
    }
}
