package dev.stowage.registryserver;

import dev.stowage.oci.ImageName;
import java.util.List;

/**
 * A repository name as the distribution spec defines it: path components of lower-case letters and
 * digits joined by {@code .}, {@code _}, {@code __} or dashes, separated by {@code /}; at most 255
 * characters. Anything else is {@link ErrorCode#NAME_INVALID}.
 */
public record RepositoryName(String value) {
    static final int MAX_LENGTH = ImageName.MAX_NAME;

    public RepositoryName {
        if (value == null || value.length() > MAX_LENGTH || !ImageName.isRepository(value)) {
            throw new DistributionException(ErrorCode.NAME_INVALID, "invalid repository name '" + value
                    + "': lower-case path components of letters and digits joined by '.', '_', '__' or '-', separated by '/', at most "
                    + MAX_LENGTH + " characters");
        }
    }

    /** The path components, in order. */
    public List<String> components() {
        return List.of(value.split("/"));
    }

    @Override
    public String toString() {
        return value;
    }
}
