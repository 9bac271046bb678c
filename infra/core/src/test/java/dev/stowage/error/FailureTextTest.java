package dev.stowage.error;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.ConnectException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Whatever is thrown, the user's line names the thing and never a Java class. */
class FailureTextTest {
    private static final Pattern CLASS_NAME = Pattern.compile("\\b[A-Z]\\w+(Exception|Error)\\b");

    private static String line(Throwable t) {
        String l = FailureText.line(t);
        assertThat(CLASS_NAME.matcher(l).find()).as(l).isFalse();
        assertThat(l).doesNotContain("\n");
        return l;
    }

    @Test
    void wrappersAreLookedThrough() {
        assertThat(line(new ExecutionException(new BindException("Address already in use")))).isEqualTo("address already in use");
        assertThat(line(new CompletionException(new UncheckedIOException(new NoSuchFileException("/tmp/x/spec.json")))))
                .isEqualTo("/tmp/x/spec.json: no such file or directory");
        assertThat(line(new RuntimeException(new ConnectException()))).isEqualTo("connection refused");
    }

    @Test
    void timeoutsSayTheyTimedOutNeverNull() {
        assertThat(line(new ExecutionException(new TimeoutException()))).isEqualTo("timed out");
        assertThat(line(new TimeoutException("The timeout period of 30000ms has been exceeded")))
                .isEqualTo("the timeout period of 30000ms has been exceeded");
        assertThat(line(new TimeoutException("no reply"))).isEqualTo("timed out (no reply)");
    }

    @Test
    void fileProblemsNameTheFile() {
        assertThat(line(new FileAlreadyExistsException("/out/a-file"))).isEqualTo("/out/a-file: already exists (or a parent of it is a file)");
        assertThat(line(new AccessDeniedException("/root/x"))).isEqualTo("/root/x: permission denied");
    }

    @Test
    void ownErrorsKeepTheirWordsAndQuotedClassNamesAreDropped() {
        assertThat(line(new BadInputException("spec.json: name", "must be a string"))).isEqualTo("spec.json: name: must be a string");
        assertThat(line(new IllegalStateException("stopped: java.net.BindException: Address already in use\nmore")))
                .isEqualTo("stopped: Address already in use more");
        assertThat(line(new NullPointerException())).startsWith("internal error");
    }
}
