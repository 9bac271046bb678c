package dev.stowage.publisher.output;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.oci.Descriptor;
import dev.stowage.oci.Digest;
import dev.stowage.oci.MediaTypes;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

class LayerStreamsTest {
    /** Hands out the bytes one gzip member at a time and never reports anything available, as a network stream may. */
    private static final class MemberAlignedStream extends InputStream {
        private final byte[] bytes;
        private final List<Integer> ends;
        private int pos;

        MemberAlignedStream(byte[] bytes, List<Integer> ends) {
            this.bytes = bytes;
            this.ends = ends;
        }

        @Override
        public int read() {
            return pos < bytes.length ? bytes[pos++] & 0xff : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (pos >= bytes.length) return -1;
            int end = ends.stream().filter(e -> e > pos).findFirst().orElse(bytes.length);
            int n = Math.min(len, end - pos);
            System.arraycopy(bytes, pos, b, off, n);
            pos += n;
            return n;
        }

        @Override
        public int available() {
            return 0;
        }
    }

    @Test
    void aGzipLayerIsReadThroughEveryMemberWhateverTheStreamUnderItReportsAvailable() throws IOException {
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        ByteArrayOutputStream tar = new ByteArrayOutputStream();
        List<Integer> ends = new ArrayList<>();
        for (int m = 0; m < 3; m++) {
            byte[] part = ("member " + m + "\n").repeat(1000).getBytes(StandardCharsets.UTF_8);
            tar.write(part);
            try (GZIPOutputStream member = new GZIPOutputStream(gz)) {
                member.write(part);
            }
            ends.add(gz.size());
        }
        Descriptor layer = Descriptor.of(MediaTypes.OCI_LAYER_GZIP, Digest.ofBytes(gz.toByteArray()), gz.size());

        // the JDK's reader (before Java 23, JDK-7036144) ends at the first member boundary here, silently
        if (Runtime.version().feature() < 23)
            assertThat(new GZIPInputStream(new MemberAlignedStream(gz.toByteArray(), ends)).readAllBytes()).hasSizeLessThan(tar.size());
        try (InputStream in = LayerStreams.uncompressed(layer, new MemberAlignedStream(gz.toByteArray(), ends))) {
            assertThat(in.readAllBytes()).isEqualTo(tar.toByteArray());
        }
    }
}
