package dev.stowage.registryserver;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import java.util.Optional;

/**
 * A request path of the distribution API: {@code /v2/}, or {@code /v2/<name>/<kind>/<argument>}
 * where the name may hold slashes and the kind is manifests, blobs, referrers or tags (argument
 * {@code list}). The name is validated ({@link ErrorCode#NAME_INVALID}).
 */
record Route(Kind kind, RepositoryName name, String argument) {
    enum Kind { BASE, MANIFEST, BLOB, REFERRERS, TAGS }

    private static final Pattern ENDPOINT = Pattern.compile("/v2/(.+)/(manifests|blobs|referrers|tags)/([^/]+)");

    /** The route, or empty for a path outside the API (404). */
    static Optional<Route> parse(String path) {
        if (path.equals("/v2/") || path.equals("/v2")) return Optional.of(new Route(Kind.BASE, null, null));
        Matcher m = ENDPOINT.matcher(path);
        if (!m.matches()) return Optional.empty();
        Kind kind = switch (m.group(2)) {
            case "manifests" -> Kind.MANIFEST;
            case "blobs" -> Kind.BLOB;
            case "referrers" -> Kind.REFERRERS;
            default -> Kind.TAGS;
        };
        if (kind == Kind.TAGS && !m.group(3).equals("list")) return Optional.empty();
        return Optional.of(new Route(kind, new RepositoryName(m.group(1)), m.group(3)));
    }
}
