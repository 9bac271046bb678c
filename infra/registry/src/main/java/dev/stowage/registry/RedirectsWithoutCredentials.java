package dev.stowage.registry;

import io.vertx.core.Future;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.RequestOptions;
import java.net.URI;
import java.util.function.Function;

/**
 * Wraps Vert.x's redirect handler (which copies every request header to the next hop) so the
 * {@code Authorization} header only follows a redirect to the same scheme, host and port.
 */
final class RedirectsWithoutCredentials implements Function<HttpClientResponse, Future<RequestOptions>> {
    private final Function<HttpClientResponse, Future<RequestOptions>> follow;

    RedirectsWithoutCredentials(Function<HttpClientResponse, Future<RequestOptions>> follow) {
        this.follow = follow;
    }

    @Override
    public Future<RequestOptions> apply(HttpClientResponse response) {
        Future<RequestOptions> next = follow.apply(response);
        if (next == null) return null;
        String from = response.request().absoluteURI();
        return next.map(options -> {
            if (!sameTarget(from, options)) options.removeHeader("Authorization");
            return options;
        });
    }

    private static boolean sameTarget(String from, RequestOptions to) {
        if (to.getHost() == null || to.getPort() == null) return false;
        String scheme = Boolean.TRUE.equals(to.isSsl()) ? "https" : "http";
        URI u = URI.create(from);
        String authority = u.getHost() + (u.getPort() >= 0 ? ":" + u.getPort() : "");
        return Hosts.sameAuthority(scheme + "://" + to.getHost() + ":" + to.getPort() + "/", authority, "http".equals(u.getScheme()));
    }
}
