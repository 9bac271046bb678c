package dev.stowage.blob;

import dev.stowage.oci.Digest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;

class FileSystemBlobStoreTest extends BlobStoreContract {
    @TempDir Path tmp;
    private int stores;

    @Override
    protected BlobStore store() throws Exception {
        return new FileSystemBlobStore(tmp.resolve("store-" + stores++));
    }

    @Override
    protected void corrupt(BlobStore store, Digest digest) throws Exception {
        Files.writeString(((FileSystemBlobStore) store).pathOf(digest), "tampered");
    }

    @Override
    protected List<String> storedNames(BlobStore store) throws Exception {
        Path root = ((FileSystemBlobStore) store).root();
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).map(p -> root.relativize(p).toString().replace('\\', '/')).sorted().toList();
        }
    }
}
