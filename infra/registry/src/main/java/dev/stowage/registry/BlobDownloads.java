package dev.stowage.registry;

import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Set;

/**
 * One attempt of a {@link DownloadStep}: answers one 401 like {@link RegistryCaller#call}, follows
 * up to three redirects itself (storage backends hand out blob URLs on other hosts; the
 * Authorization header is sent only to the registry's own host), then streams the accepted body
 * to the step. Other statuses become {@link RegistryException}s; broken connections are retryable.
 */
final class BlobDownloads {
    private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);
    private static final int MAX_REDIRECTS = 3;

    private BlobDownloads() {}

    static <T> T once(RegistryCaller caller, DownloadStep<T> step) {
        URI url = URI.create(caller.absoluteUrl(step));
        try {
            StreamedResponse r = caller.open(step, url.toString());
            if (r.status() == 401) {
                RegistryResponse challenge = r.buffered();
                r.close();
                caller.challenged(challenge, step);
                r = caller.open(step, url.toString());
            }
            for (int hops = 0; REDIRECTS.contains(r.status()); hops++) {
                String location = r.head().header("Location").orElse(null);
                r.close();
                if (location == null || hops == MAX_REDIRECTS) {
                    throw new RegistryRejectedException("registry " + caller.registry() + ": " + step.description()
                            + (location == null ? " was redirected without a Location" : " was redirected more than " + MAX_REDIRECTS + " times"),
                            r.status(), List.of());
                }
                URI next = url.resolve(location);
                r = caller.open(step, next.toString());
                url = next;
            }
            try (StreamedResponse answer = r) {
                if (step.accepted().contains(answer.status())) return step.read(answer.head(), answer.body());
                throw caller.failure(step, answer.buffered());
            }
        } catch (IOException e) {
            throw RegistryCaller.unavailable(caller.registry(), step.description(), e);
        }
    }
}
