package dev.stowage.registryserver;

import dev.stowage.blob.BlobStore;
import dev.stowage.error.FailureText;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pull side of the OCI distribution API, as a Vert.x request handler (the cli binds it to a
 * port). The event loop only hands each request to one of {@code threads} threads of its own:
 * blob reads block, and a tag may wait for its build. Writes (POST, PUT, PATCH, DELETE) are
 * {@link ErrorCode#UNSUPPORTED}.
 */
public final class RegistryHandler implements Handler<HttpServerRequest>, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RegistryHandler.class);
    private final Map<Route.Kind, Endpoint> endpoints;
    private final ExecutorService threads;
    private final AccessGate gate;
    private final TokenEndpoint tokens;

    /** Without auth (anyone reads anything); blobs always streamed. */
    public RegistryHandler(BlobStore store, Names names, Referrers referrers, int threads) {
        this(store, names, referrers, threads, AccessGate.open(), Optional.empty());
    }

    /**
     * Every request passes {@code gate} first; {@code /token} issues its tokens. {@code redirectTtl}:
     * blob GETs redirect to read URLs valid this long, when the store has them (S3); empty to stream.
     */
    public RegistryHandler(BlobStore store, Names names, Referrers referrers, int threads, AccessGate gate, Optional<Duration> redirectTtl) {
        if (threads < 1) throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        RepositoryContents contents = new RepositoryContents(store, referrers);
        this.endpoints = Map.of(Route.Kind.BASE, new VersionCheck(), Route.Kind.MANIFEST, new ManifestEndpoint(names, store, referrers, contents),
                Route.Kind.BLOB, new BlobEndpoint(names, store, contents, redirectTtl), Route.Kind.TAGS, new TagsEndpoint(names),
                Route.Kind.REFERRERS, new ReferrersEndpoint(names, referrers));
        this.gate = gate;
        this.tokens = new TokenEndpoint(gate);
        AtomicInteger n = new AtomicInteger();
        this.threads = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "registry-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public void handle(HttpServerRequest req) {
        req.response().putHeader(Headers.API_VERSION, Headers.API_VERSION_VALUE);
        try {
            threads.execute(() -> answer(req));
        } catch (RejectedExecutionException stopping) {
            ErrorAnswer.write(req, DistributionException.unavailable("the registry is stopping", stopping));
        }
    }

    private void answer(HttpServerRequest req) {
        try {
            if (req.path().equals(TokenEndpoint.PATH)) {
                tokens.answer(req);
                return;
            }
            if (req.method() != HttpMethod.GET && req.method() != HttpMethod.HEAD) {
                throw new DistributionException(ErrorCode.UNSUPPORTED, "this registry is read-only: " + req.method() + " is not supported");
            }
            Optional<Route> route = Route.parse(req.path());
            if (route.isEmpty()) {
                req.response().setStatusCode(404).putHeader("Content-Length", "0").end();
                return;
            }
            gate.check(req, route.get());
            endpoints.get(route.get().kind()).answer(req, route.get());
        } catch (DistributionException e) {
            ErrorAnswer.write(req, e);
        } catch (IOException | RuntimeException e) {
            LOG.warn("{} {} failed: {}", req.method(), req.path(), FailureText.line(e));
            ErrorAnswer.write(req, DistributionException.unavailable(FailureText.line(e), e));
        }
    }

    /**
     * What a port answers before the registry serves (while it connects to its bus) and once it
     * stops: {@link ErrorCode#UNAVAILABLE} with Retry-After, naming {@code why}.
     */
    public static Handler<HttpServerRequest> unavailable(String why) {
        return req -> ErrorAnswer.write(req, DistributionException.unavailable(why, null));
    }

    /** Stops taking requests; requests being answered are interrupted. */
    @Override
    public void close() {
        threads.shutdownNow();
    }
}
