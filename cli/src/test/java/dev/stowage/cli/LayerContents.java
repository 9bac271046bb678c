package dev.stowage.cli;

import com.github.luben.zstd.ZstdInputStream;
import dev.stowage.blob.FileSystemBlobStore;
import dev.stowage.oci.Digest;
import dev.stowage.oci.MediaTypes;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/** Reads a layer blob back: every entry with its mode, owner, link target and (small) content. */
final class LayerContents {
    record Entry(String name, char kind, int mode, long uid, long gid, String link, String text) {
        String describe() {
            return String.format("%c %04o %d:%d %s%s", kind, mode, uid, gid, name, link.isEmpty() ? "" : " -> " + link);
        }
    }

    private LayerContents() {}

    static Map<String, Entry> read(FileSystemBlobStore store, Digest blob, String mediaType) throws IOException {
        InputStream raw = store.open(blob);
        InputStream in = switch (mediaType) {
            case MediaTypes.OCI_LAYER_GZIP -> new GZIPInputStream(raw);
            case MediaTypes.OCI_LAYER_ZSTD -> new ZstdInputStream(raw);
            default -> raw;
        };
        Map<String, Entry> entries = new LinkedHashMap<>();
        try (TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
            for (TarArchiveEntry e; (e = tar.getNextEntry()) != null; ) {
                char kind = e.isDirectory() ? 'd' : e.isSymbolicLink() ? 'l' : 'f';
                String text = kind == 'f' && e.getSize() < 4096 ? new String(tar.readAllBytes(), StandardCharsets.UTF_8) : "";
                String name = e.getName().endsWith("/") ? e.getName().substring(0, e.getName().length() - 1) : e.getName();
                entries.put(name, new Entry(name, kind, e.getMode() & 07777, e.getLongUserId(), e.getLongGroupId(),
                        e.getLinkName() == null ? "" : e.getLinkName(), text));
            }
        }
        return entries;
    }
}
