package dev.stowage.registry;

import dev.stowage.blob.BlobStore;
import dev.stowage.net.BoundedRetry;
import dev.stowage.oci.Descriptor;
import dev.stowage.oci.ImageName;
import dev.stowage.oci.MediaTypes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Pushes a stored image index (and optional referrers) to registry targets in two halves:
 * {@link #prepare} puts every blob and manifest by digest (nothing is visible under a tag), then
 * {@link #tag} puts the tags and the referrers tag. One caller per registry host; remembers what
 * it pushed so a later repository of the same registry mounts instead of uploading. The blobs of
 * one manifest go up {@link PushSettings#parallelUploads()} at a time; a blob may go up earlier,
 * while the image is still being built ({@link #uploadAhead}), and the push then only waits for it.
 */
public final class RegistryPusher implements AutoCloseable {
    public static final long DEFAULT_CHUNK = PushSettings.DEFAULT_CHUNK;
    private final RegistryAccess access;
    private final PushSettings settings;
    private final PushedBlobs pushed = new PushedBlobs();
    private final UploadsAhead ahead = new UploadsAhead();
    private final Map<String, RegistryCaller> callers = new LinkedHashMap<>();
    private final Map<String, RegistryCaller> aheadCallers = new LinkedHashMap<>();
    private final ExecutorService uploads;

    /** @param access credentials, settings, meters and the Vert.x instance of every caller it opens */
    public RegistryPusher(RegistryAccess access) {
        this.access = access;
        this.settings = access.settings();
        AtomicInteger n = new AtomicInteger();
        this.uploads = Executors.newFixedThreadPool(settings.parallelUploads(), r -> {
            Thread t = new Thread(r, "registry-upload-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    public PushResult push(BlobStore store, Descriptor index, List<ImageName> targets) {
        return push(store, index, targets, List.of());
    }

    /** Prepares each repository of {@code targets}, then tags every target: no tag before all content is in. */
    public PushResult push(BlobStore store, Descriptor index, List<ImageName> targets, List<Descriptor> referrers) {
        targets = targets.stream().map(ImageName::orLatest).toList();
        Map<String, List<ImageName>> byRepository = new LinkedHashMap<>();
        for (ImageName t : targets) byRepository.computeIfAbsent(t.repositoryName(), k -> new ArrayList<>()).add(t);
        List<PreparedPush> prepared = new ArrayList<>();
        for (List<ImageName> group : byRepository.values()) prepared.add(prepare(store, index, group.get(0), referrers));
        int uploaded = 0, skipped = 0, mounted = 0;
        for (PreparedPush p : prepared) {
            tag(p, byRepository.get(p.target().repositoryName()).stream().map(ImageName::tag).toList());
            uploaded += p.repository().uploaded;
            skipped += p.repository().skipped;
            mounted += p.repository().mounted;
        }
        PreparedPush first = prepared.get(0);
        return new PushResult(index.digest(), first.pushed(), prepared.stream().anyMatch(PreparedPush::dockerFallback), targets,
                uploaded, skipped, mounted, first.referrers().stream().map(Descriptor::digest).toList());
    }

    /**
     * Starts putting {@code blob} into {@code target}'s repository in the background, so that its
     * upload overlaps whatever comes before the push (the other layers' encoding). A later
     * {@link #prepare} of that repository waits for it instead of putting the blob again. It makes
     * one attempt, without the push's retries, and reports nothing: whatever went wrong the push
     * meets again and reports. Only a blob goes up this way; nothing is visible under a tag.
     */
    public void uploadAhead(BlobStore store, Descriptor blob, ImageName target) {
        RegistryCaller caller = aheadCaller(target);
        ahead.start(caller.registry(), target.repository(), blob.digest(), () -> uploads.submit(() ->
                new BlobUploader(caller, store, pushed, settings.chunkSize()).push(target.repository(), blob)));
    }

    /**
     * Puts the image's blobs, manifests and index into {@code target}'s repository by digest,
     * children first, then the referrers (skipped after a Docker fallback: the registry takes no
     * OCI artifacts). Tags nothing.
     */
    public PreparedPush prepare(BlobStore store, Descriptor index, ImageName target, List<Descriptor> referrers) {
        RegistryCaller caller = caller(target);
        RepositoryPush repo = new RepositoryPush(caller, store, new BlobUploader(caller, store, pushed, settings.chunkSize()),
                target.repository(), uploads, ahead);
        RepositoryPush.Document top = repo.tree(index);
        List<Descriptor> pushedReferrers = repo.fellBack() ? List.of() : referrers;
        for (Descriptor r : pushedReferrers) repo.tree(r);
        return new PreparedPush(target, index, repo, top, pushedReferrers);
    }

    /** Points every tag at the prepared image, then writes the referrers tag of each subject. */
    public PushResult tag(PreparedPush prepared, List<String> tags) {
        RepositoryPush repo = prepared.repository();
        for (String tag : tags) repo.tag(prepared.top(), tag);
        ReferrersTag.indexes(prepared.referrers(), repo::manifest).forEach((subject, bytes) ->
                repo.tag(RepositoryPush.Document.of(MediaTypes.OCI_INDEX, bytes), ReferrersTag.tagFor(subject)));
        return new PushResult(prepared.index().digest(), prepared.pushed(), prepared.dockerFallback(),
                tags.stream().map(prepared.target()::withTag).toList(), repo.uploaded, repo.skipped, repo.mounted,
                prepared.referrers().stream().map(Descriptor::digest).toList());
    }

    private synchronized RegistryCaller caller(ImageName target) {
        return callers.computeIfAbsent(target.registry(), access::open);
    }

    /** A caller of its own for uploads ahead: one attempt per request, so a registry that is down costs the push no extra wait. */
    private synchronized RegistryCaller aheadCaller(ImageName target) {
        return aheadCallers.computeIfAbsent(target.registry(), r ->
                new RegistryAccess(access.vertx(), access.credentials(), settings.withRetry(BoundedRetry.once()), access.meters()).open(r));
    }

    @Override
    public synchronized void close() {
        ahead.cancelAll();
        uploads.shutdownNow();
        callers.values().forEach(RegistryCaller::close);
        callers.clear();
        aheadCallers.values().forEach(RegistryCaller::close);
        aheadCallers.clear();
    }
}
