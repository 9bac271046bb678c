package dev.stowage.registry;

import dev.stowage.oci.ReferenceGrammar;
import java.util.Objects;
import java.util.regex.Pattern;

/** A push target {@code host[:port]/repository[:tag]}; the tag defaults to {@code latest}. */
public record ImageReference(String registry, String repository, String tag) {
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.-]+(?::[0-9]{1,5})?|\\[[0-9a-fA-F:]+](?::[0-9]{1,5})?");

    public ImageReference {
        Objects.requireNonNull(registry, "registry");
        if (!HOST.matcher(registry).matches()) throw new IllegalArgumentException("bad registry host '" + registry + "'");
        if (!ReferenceGrammar.isRepository(repository)) {
            throw new IllegalArgumentException("bad repository name '" + repository + "'");
        }
        if (!ReferenceGrammar.isTag(tag)) throw new IllegalArgumentException("bad tag '" + tag + "'");
    }

    /** Parses {@code host[:port]/repo[/more][:tag]}; the host part is required. */
    public static ImageReference parse(String text) {
        if (text == null || text.isBlank()) throw new IllegalArgumentException("image reference is missing");
        int slash = text.indexOf('/');
        if (slash <= 0) throw new IllegalArgumentException("image reference needs a registry host: '" + text + "'");
        String host = text.substring(0, slash);
        String rest = text.substring(slash + 1);
        if (rest.contains("@")) throw new IllegalArgumentException("push targets take a tag, not a digest: '" + text + "'");
        int colon = rest.lastIndexOf(':');
        String repo = colon < 0 ? rest : rest.substring(0, colon);
        String tag = colon < 0 ? "latest" : rest.substring(colon + 1);
        return new ImageReference(host, repo, tag);
    }

    /** Whether {@code text} names a tag ({@link #parse} defaults it to {@code latest} otherwise). */
    public static boolean hasTag(String text) {
        int slash = text.indexOf('/');
        return slash > 0 && text.indexOf(':', slash) > 0;
    }

    public ImageReference withTag(String newTag) {
        return new ImageReference(registry, repository, newTag);
    }

    /** Whether plain HTTP is used: loopback registries only. */
    public boolean loopback() {
        String h = registry.startsWith("[") ? registry.substring(0, registry.indexOf(']') + 1) : registry.split(":")[0];
        return Hosts.isLoopback(h);
    }

    @Override
    public String toString() {
        return registry + "/" + repository + ":" + tag;
    }
}
