package dev.stowage.cli;

import dev.stowage.error.BadInputException;
import dev.stowage.error.FailureText;
import dev.stowage.oci.ImageLocation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Checks the file outputs of a build before it starts: an {@code oci:} folder or a
 * {@code docker-archive:} file must be creatable where it is named (its nearest existing parent a
 * writable folder, the archive not a folder), so a typo is one line naming the output, not a file
 * system error after the build.
 */
final class LocalOutputs {
    private LocalOutputs() {}

    /**
     * Writes and removes a file where the output would be staged: permissions alone do not say
     * whether a folder takes files (a read-only mount, {@code /proc}, a full disk).
     */
    private static void probe(ImageLocation o, Path folder) {
        try {
            Files.delete(Files.createTempFile(folder, ".stowage-probe-", ""));
        } catch (IOException | SecurityException e) {
            throw new BadInputException(o.toString(), "cannot be created: " + folder + " does not take new files ("
                    + FailureText.line(e).replaceFirst("^.*\\.stowage-probe-[0-9]*: ", "") + ")");
        }
    }

    static void check(List<ImageLocation> outputs) {
        for (ImageLocation o : outputs) {
            String file;
            if (o instanceof ImageLocation.OciLayout layout) file = layout.path();
            else if (o instanceof ImageLocation.DockerArchive archive && !archive.toStdout()) file = archive.path();
            else continue;
            Path p = Path.of(file).toAbsolutePath().normalize();
            if (o instanceof ImageLocation.DockerArchive && Files.isDirectory(p)) {
                throw new BadInputException(o.toString(), "is a directory; name the archive file to write");
            }
            if (o instanceof ImageLocation.OciLayout && Files.exists(p) && !Files.isDirectory(p)) {
                throw new BadInputException(o.toString(), "exists and is a file, not an OCI layout folder");
            }
            Path ancestor = p.getParent();
            while (ancestor != null && !Files.exists(ancestor)) ancestor = ancestor.getParent();
            if (ancestor == null) continue;
            if (!Files.isDirectory(ancestor)) {
                throw new BadInputException(o.toString(), "cannot be created: " + ancestor + " is a file, not a directory");
            }
            if (!Files.isWritable(ancestor)) {
                throw new BadInputException(o.toString(), "cannot be created: " + ancestor + " is not writable");
            }
            probe(o, ancestor);
        }
    }
}
