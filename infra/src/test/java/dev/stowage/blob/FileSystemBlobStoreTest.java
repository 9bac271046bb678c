package dev.stowage.blob;

import dev.stowage.oci.Digest;
import java.nio.file.Files;
import java.nio.file.Path;
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
}
