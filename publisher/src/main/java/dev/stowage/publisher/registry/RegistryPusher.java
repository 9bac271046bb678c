package dev.stowage.publisher.registry;

import dev.stowage.blob.BlobStore;
import dev.stowage.oci.Descriptor;
import dev.stowage.oci.Digest;
import dev.stowage.oci.ImageManifest;
import dev.stowage.oci.MediaTypes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Pushes a stored image index (and optional referrers) to registry targets. One caller per
 * registry host; remembers what it pushed so a later repository of the same registry mounts.
 * Plain HTTP is used for loopback registries only.
 */
public final class RegistryPusher implements AutoCloseable {
    public static final long DEFAULT_CHUNK = 16L * 1024 * 1024;
    private final CredentialResolver credentials;
    private final RetryPolicy retry;
    private final Duration timeout;
    private final long chunkSize;
    private final PushedBlobs pushed = new PushedBlobs();
    private final Map<String, RegistryCaller> callers = new LinkedHashMap<>();

    public RegistryPusher(CredentialResolver credentials, RetryPolicy retry, Duration timeout, long chunkSize) {
        this.credentials = credentials;
        this.retry = retry;
        this.timeout = timeout;
        this.chunkSize = chunkSize;
    }

    public static RegistryPusher withDefaults(CredentialResolver credentials) {
        return new RegistryPusher(credentials, RetryPolicy.standard(), Duration.ofMinutes(2), DEFAULT_CHUNK);
    }

    public PushResult push(BlobStore store, Descriptor index, List<ImageReference> targets) {
        return push(store, index, targets, List.of());
    }

    /** Pushes {@code index} (its children first) and then every tag; then the referrers and their referrers-tag indexes. */
    public PushResult push(BlobStore store, Descriptor index, List<ImageReference> targets, List<Descriptor> referrers) {
        int uploaded = 0, skipped = 0, mounted = 0;
        Map<String, List<ImageReference>> byRepository = new LinkedHashMap<>();
        for (ImageReference t : targets) byRepository.computeIfAbsent(t.registry() + "/" + t.repository(), k -> new ArrayList<>()).add(t);
        for (List<ImageReference> group : byRepository.values()) {
            ImageReference first = group.get(0);
            RegistryCaller caller = caller(first.registry(), first.loopback());
            BlobUploader uploader = new BlobUploader(caller, store, pushed, chunkSize);
            RepositoryPush repo = new RepositoryPush(caller, store, uploader, first.repository());
            repo.tree(index);
            for (ImageReference t : group) repo.tag(index, t.tag());
            for (Descriptor r : referrers) repo.tree(r);
            ReferrersTag.indexes(referrers, d -> repo.read(d, ImageManifest.class)).forEach((subject, bytes) ->
                    repo.tag(Descriptor.of(MediaTypes.OCI_INDEX, Digest.ofBytes(bytes), bytes.length), ReferrersTag.tagFor(subject), bytes));
            uploaded += repo.uploaded;
            skipped += repo.skipped;
            mounted += repo.mounted;
        }
        return new PushResult(index.digest(), targets, uploaded, skipped, mounted, referrers.stream().map(Descriptor::digest).toList());
    }

    private RegistryCaller caller(String registry, boolean plainHttp) {
        return callers.computeIfAbsent(registry, r -> {
            try {
                return new RegistryCaller(r, plainHttp, credentials.forHost(r), retry, timeout);
            } catch (IOException e) {
                throw new UncheckedIOException("reading registry credentials for " + r, e);
            }
        });
    }

    @Override
    public void close() {
        callers.values().forEach(RegistryCaller::close);
        callers.clear();
    }
}
