package dev.stowage.registry;

import java.net.URI;

/** Host comparisons for deciding where credentials may go. */
final class Hosts {
    private Hosts() {}

    /**
     * Whether {@code url} (absolute) is on the registry {@code host[:port]} itself: same host,
     * same port (a missing port is the scheme's default).
     */
    static boolean sameAuthority(String url, String registry, boolean plainHttp) {
        URI u;
        try {
            u = URI.create(url);
        } catch (IllegalArgumentException e) {
            return false;
        }
        if (u.getHost() == null) return false;
        URI r = URI.create((plainHttp ? "http://" : "https://") + registry + "/");
        return u.getHost().equalsIgnoreCase(r.getHost()) && port(u) == port(r) && u.getScheme().equalsIgnoreCase(r.getScheme());
    }

    private static int port(URI u) {
        if (u.getPort() >= 0) return u.getPort();
        return "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
    }
}
