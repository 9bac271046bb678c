package dev.stowage.oci;

import com.google.re2j.Pattern;
import java.util.Locale;

/**
 * An image's name in the distribution spec's reference grammar:
 * {@code [HOST[:PORT]/]REPOSITORY[:TAG][@DIGEST]}. The one definition of that grammar (host, path
 * components, repository, tag, digest) for the spec loader, the registry client, the outputs, the
 * Docker Engine names and the registry service. {@code registry} is null for a Docker name without a
 * host; {@code tag} is null when none was written (the {@code latest} default is {@link #orLatest}),
 * {@code digest} null when none. {@link #toString} gives back the text it was parsed from.
 */
public record ImageName(String registry, String repository, String tag, Digest digest) {
    /** One path component: lower-case letters and digits, joined by {@code .}, {@code _}, {@code __} or dashes. */
    public static final String PATH_COMPONENT = "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*";
    /** Path components separated by {@code /}. */
    public static final String REPOSITORY = PATH_COMPONENT + "(?:/" + PATH_COMPONENT + ")*";
    public static final String TAG = "[A-Za-z0-9_][A-Za-z0-9._-]{0,127}";
    private static final String LABEL = "[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?";
    /** A registry host: DNS labels or a bracketed IPv6 address, with an optional port. */
    public static final String HOST = "(?:" + LABEL + "(?:\\." + LABEL + ")*|\\[[0-9a-fA-F:]+\\])(?::[0-9]{1,5})?";
    /** The tag of a name that names none. */
    public static final String LATEST = "latest";
    /** The distribution spec's limit for a repository name with its host. */
    public static final int MAX_NAME = 255;
    private static final Pattern COMPONENT_PATTERN = Pattern.compile(PATH_COMPONENT);
    private static final Pattern REPOSITORY_PATTERN = Pattern.compile(REPOSITORY);
    private static final Pattern TAG_PATTERN = Pattern.compile(TAG);
    private static final Pattern HOST_PATTERN = Pattern.compile(HOST);

    public ImageName {
        if (registry != null && !isHost(registry)) throw new IllegalArgumentException("bad registry host '" + registry + "'");
        if (!isRepository(repository)) throw new IllegalArgumentException("bad repository name '" + repository + "'");
        if (tag != null && !isTag(tag)) throw new IllegalArgumentException("bad tag '" + tag + "'");
    }

    /**
     * A name on a registry: {@code HOST[:PORT]/REPOSITORY[:TAG][@DIGEST]}; the host is required (no
     * implied Docker Hub), the port is 1-65535. Never echoes credentials ({@code user:pass@host}).
     */
    public static ImageName parse(String text) {
        return parse(text, true);
    }

    /** A push target: {@link #parse} without a digest. */
    public static ImageName parsePushTarget(String text) {
        return parse(text, false);
    }

    private static ImageName parse(String text, boolean digests) {
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
            if (!digests) throw new IllegalArgumentException("push targets take a tag, not a digest: '" + text + "'");
            digest = Digest.parse(rest.substring(at + 1));
            rest = rest.substring(0, at);
        }
        int colon = rest.lastIndexOf(':');
        ImageName name = new ImageName(host, colon < 0 ? rest : rest.substring(0, colon), colon < 0 ? null : rest.substring(colon + 1), digest);
        int port = name.port();
        if (port == 0 || port > 65535) throw new IllegalArgumentException("registry port " + port + " in '" + text + "' must be 1-65535");
        return name;
    }

    /**
     * A Docker name {@code NAME[:TAG]} as the Docker Engine (and skopeo's docker-daemon transport)
     * reads it: the first component is a host only when it looks like one ({@link #isDockerHost}), at
     * most {@value #MAX_NAME} characters, no digest. The message says which part is wrong.
     */
    public static ImageName parseDockerName(String text) {
        if (text.contains("@")) throw new IllegalArgumentException("docker-daemon: outputs take NAME[:TAG], not a digest");
        int slash = text.lastIndexOf('/');
        int colon = text.lastIndexOf(':');
        String name = colon > slash ? text.substring(0, colon) : text;
        String tag = colon > slash ? text.substring(colon + 1) : null;
        if (tag != null && !isTag(tag)) {
            throw new IllegalArgumentException("tag '" + tag + "' must be 1-128 of A-Z a-z 0-9 _ . - and not start with . or -");
        }
        if (name.length() > MAX_NAME) throw new IllegalArgumentException("image name is longer than " + MAX_NAME + " characters");
        String[] parts = name.split("/", -1);
        String host = parts.length > 1 && isDockerHost(parts[0]) ? parts[0] : null;
        if (host != null && !isHost(host)) throw new IllegalArgumentException("registry host '" + host + "' is not a valid host[:port]");
        for (int i = host == null ? 0 : 1; i < parts.length; i++) {
            if (!isPathComponent(parts[i])) {
                throw new IllegalArgumentException("name component '" + parts[i] + "' must be lowercase letters and digits, separated by . _ __ or -");
            }
        }
        return new ImageName(host, host == null ? name : name.substring(host.length() + 1), tag, null);
    }

    /** Whether Docker reads {@code first}, the first component of a name with more than one, as a registry host. */
    public static boolean isDockerHost(String first) {
        return first.contains(".") || first.contains(":") || first.equals("localhost");
    }

    public static boolean isPathComponent(String s) {
        return s != null && COMPONENT_PATTERN.matches(s);
    }

    public static boolean isRepository(String s) {
        return s != null && REPOSITORY_PATTERN.matches(s);
    }

    public static boolean isTag(String s) {
        return s != null && TAG_PATTERN.matches(s);
    }

    public static boolean isHost(String s) {
        return s != null && HOST_PATTERN.matches(s);
    }

    /** Whether {@code host} (without a port; IPv6 in brackets or not) is this machine. */
    public static boolean isLoopbackHost(String host) {
        if (host == null) return false;
        String h = host.toLowerCase(Locale.ROOT);
        return h.equals("localhost") || h.startsWith("127.") || h.equals("[::1]") || h.equals("::1");
    }

    /** Whether {@code registry} ({@code host[:port]}) is on this machine: the only kind spoken to over plain HTTP. */
    public static boolean isLoopbackRegistry(String registry) {
        if (registry == null) return false;
        return isLoopbackHost(registry.startsWith("[") ? registry.substring(0, registry.indexOf(']') + 1) : registry.split(":")[0]);
    }

    /** Whether the registry is on this machine ({@link #isLoopbackRegistry}). */
    public boolean loopback() {
        return isLoopbackRegistry(registry);
    }

    /** The registry's port, -1 when it names none. */
    private int port() {
        if (registry == null) return -1;
        int colon = registry.lastIndexOf(':');
        return colon > registry.lastIndexOf(']') ? Integer.parseInt(registry.substring(colon + 1)) : -1;
    }

    /** The same name with tag {@code latest} when it names neither a tag nor a digest. */
    public ImageName orLatest() {
        return tag == null && digest == null ? withTag(LATEST) : this;
    }

    public ImageName withTag(String newTag) {
        return new ImageName(registry, repository, newTag, digest);
    }

    /** The same image pinned to {@code resolved}, the digest its tag pointed to; the tag stays as the name. */
    public ImageName pinned(Digest resolved) {
        return new ImageName(registry, repository, tag, resolved);
    }

    /** What a registry is asked for: the digest when there is one, else the tag ({@code latest} when none). */
    public String manifestReference() {
        return digest != null ? digest.toString() : tag != null ? tag : LATEST;
    }

    /** The name it was asked for by: {@code host/repo:tag} without the digest it was pinned to, {@code host/repo@digest} when it has no tag. */
    public String pulledName() {
        return tag != null ? repositoryName() + ":" + tag : toString();
    }

    /** {@code [host/]repository}: the name without tag or digest. */
    public String repositoryName() {
        return registry == null ? repository : registry + "/" + repository;
    }

    @Override
    public String toString() {
        return repositoryName() + (tag != null ? ":" + tag : "") + (digest != null ? "@" + digest : "");
    }
}
