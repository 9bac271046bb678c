package dev.stowage.registry;

import dev.stowage.oci.Digest;
import java.util.Objects;

/**
 * An image to pull: {@code host[:port]/repository[:tag][@digest]}. The tag defaults to
 * {@code latest} unless a digest is given; with both, the digest wins and the tag is kept only as
 * the name. The host is required (no implied Docker Hub).
 */
public record PullReference(String registry, String repository, String tag, Digest digest) {
    public PullReference {
        Objects.requireNonNull(registry, "registry");
        if (tag == null && digest == null) throw new IllegalArgumentException("a pull reference needs a tag or a digest");
        new ImageReference(registry, repository, tag == null ? "latest" : tag); // validates host, repository and tag
    }

    public static PullReference parse(String text) {
        if (text == null || text.isBlank()) throw new IllegalArgumentException("image reference is missing");
        int slash = text.indexOf('/');
        if (slash <= 0) throw new IllegalArgumentException("image reference needs a registry host: '" + text + "'");
        String host = text.substring(0, slash);
        if (host.contains("@")) {
            // never echoed: the part before '@' would be a user and password
            throw new IllegalArgumentException("an image reference must not carry credentials (use an auth file or the environment)");
        }
        String rest = text.substring(slash + 1);
        Digest digest = null;
        int at = rest.indexOf('@');
        if (at >= 0) {
            digest = Digest.parse(rest.substring(at + 1));
            rest = rest.substring(0, at);
        }
        int colon = rest.lastIndexOf(':');
        String tag = colon < 0 ? (digest == null ? "latest" : null) : rest.substring(colon + 1);
        return new PullReference(host, colon < 0 ? rest : rest.substring(0, colon), tag, digest);
    }

    /** What the registry is asked for: the digest when there is one, else the tag. */
    public String manifestReference() {
        return digest != null ? digest.toString() : tag;
    }

    /** The same image pinned to {@code resolved}, the digest its tag pointed to. */
    public PullReference pinned(Digest resolved) {
        return new PullReference(registry, repository, tag, resolved);
    }

    /** The name without a digest: {@code host/repo:tag}, or {@code host/repo@digest} when there is no tag. */
    public String name() {
        return registry + "/" + repository + (tag != null ? ":" + tag : "@" + digest);
    }

    @Override
    public String toString() {
        return registry + "/" + repository + (tag != null ? ":" + tag : "") + (digest != null ? "@" + digest : "");
    }
}
