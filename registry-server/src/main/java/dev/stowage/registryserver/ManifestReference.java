package dev.stowage.registryserver;

import com.google.re2j.Pattern;
import dev.stowage.oci.Digest;

/** What a manifest request names: a tag ({@code [A-Za-z0-9_][A-Za-z0-9._-]{0,127}}) or a digest. */
public record ManifestReference(String tag, Digest digest) {
    private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]{0,127}");

    public ManifestReference {
        if ((tag == null) == (digest == null)) throw new IllegalArgumentException("a reference is a tag or a digest");
    }

    public static ManifestReference parse(String text) {
        if (text.contains(":")) return new ManifestReference(null, Digests.parse(text));
        if (!TAG.matches(text)) throw new DistributionException(ErrorCode.TAG_INVALID, "invalid tag '" + text + "'");
        return new ManifestReference(text, null);
    }

    public boolean isDigest() {
        return digest != null;
    }

    @Override
    public String toString() {
        return isDigest() ? digest.toString() : tag;
    }
}
