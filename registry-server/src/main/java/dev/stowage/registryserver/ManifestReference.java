package dev.stowage.registryserver;

import dev.stowage.oci.Digest;
import dev.stowage.oci.ImageName;

/** What a manifest request names: a tag ({@code [A-Za-z0-9_][A-Za-z0-9._-]{0,127}}) or a digest. */
public record ManifestReference(String tag, Digest digest) {
    public ManifestReference {
        if ((tag == null) == (digest == null)) throw new IllegalArgumentException("a reference is a tag or a digest");
    }

    public static ManifestReference parse(String text) {
        if (text.contains(":")) return new ManifestReference(null, Digests.parse(text));
        if (!ImageName.isTag(text)) throw new DistributionException(ErrorCode.TAG_INVALID, "invalid tag '" + text + "'");
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
