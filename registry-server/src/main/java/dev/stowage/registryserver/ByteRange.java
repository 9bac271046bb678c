package dev.stowage.registryserver;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import java.util.Optional;

/**
 * One byte range of a blob ({@code Range: bytes=first-last}, {@code bytes=first-} or the suffix
 * {@code bytes=-n}), clamped to the blob's size; a range past the end is
 * {@link ErrorCode#RANGE_INVALID}. Several ranges in one header are not served (the whole blob is).
 */
record ByteRange(long first, long last) {
    private static final Pattern SINGLE = Pattern.compile("bytes=(\\d*)-(\\d*)");

    long length() {
        return last - first + 1;
    }

    /** The range a header asks for, or empty for the whole blob (no header, or one this server ignores). */
    static Optional<ByteRange> parse(String header, long size) {
        if (header == null) return Optional.empty();
        Matcher m = SINGLE.matcher(header.strip());
        if (!m.matches() || (m.group(1).isEmpty() && m.group(2).isEmpty())) return Optional.empty();
        try {
            if (m.group(1).isEmpty()) {
                long suffix = Long.parseLong(m.group(2));
                if (suffix == 0 || size == 0) throw unsatisfiable(header, size);
                return Optional.of(new ByteRange(Math.max(0, size - suffix), size - 1));
            }
            long first = Long.parseLong(m.group(1));
            long last = m.group(2).isEmpty() ? size - 1 : Math.min(Long.parseLong(m.group(2)), size - 1);
            if (first >= size || last < first) throw unsatisfiable(header, size);
            return Optional.of(new ByteRange(first, last));
        } catch (NumberFormatException tooLong) {
            throw unsatisfiable(header, size);
        }
    }

    private static DistributionException unsatisfiable(String header, long size) {
        return new DistributionException(ErrorCode.RANGE_INVALID, "range " + header + " is not within the blob's " + size + " bytes");
    }
}
