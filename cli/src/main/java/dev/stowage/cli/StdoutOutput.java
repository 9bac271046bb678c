package dev.stowage.cli;

import dev.stowage.error.BadInputException;
import dev.stowage.oci.ImageLocation;
import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStream;
import java.util.List;

/**
 * {@code --out docker-archive:-}: the archive is the command's standard output, so nothing else may
 * write there (progress and messages go to stderr; {@code --json} is refused).
 */
final class StdoutOutput {
    private StdoutOutput() {}

    /** Whether an output streams to stdout; bad input when two do, or when {@code --json} also wants stdout. */
    static boolean check(List<ImageLocation> outputs, boolean json) {
        long n = outputs.stream().filter(StdoutOutput::isStdout).count();
        if (n > 1) throw new BadInputException("--out docker-archive:-", "given " + n + " times; standard output holds one archive");
        if (n == 1 && json) throw new BadInputException("--json", "cannot be combined with --out docker-archive:- (standard output carries the archive)");
        return n == 1;
    }

    static boolean isStdout(ImageLocation t) {
        return t instanceof ImageLocation.DockerArchive archive && archive.toStdout();
    }

    /** The process's standard output as raw bytes (not {@code System.out}, which hides write errors); never closed. */
    static OutputStream stream() {
        return new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16);
    }
}
