package dev.stowage.error;

import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.UndeclaredThrowableException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.Locale;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

/**
 * The one place a {@link Throwable} becomes the line a user reads: the failure's own words and the
 * thing it names (a file, a host, a port), never a Java class name. Wrappers ({@code
 * ExecutionException}, {@code UncheckedIOException}, …) are looked through to their cause.
 */
public final class FailureText {
    /** A class name a message may have picked up from a wrapped cause ({@code java.net.BindException: }). */
    private static final Pattern CLASS_PREFIX = Pattern.compile("\\b(?:[a-z][\\w$]*\\.)*[A-Z][\\w$]*(?:Exception|Error)\\b:? ?");

    private FailureText() {}

    /** One line for {@code t}. */
    public static String line(Throwable t) {
        return clean(describe(unwrap(t)));
    }

    private static Throwable unwrap(Throwable t) {
        Throwable cur = t;
        while (cur.getCause() != null && cur != cur.getCause() && isWrapper(cur)) cur = cur.getCause();
        return cur;
    }

    private static boolean isWrapper(Throwable t) {
        return t instanceof ExecutionException
                || t instanceof CompletionException
                || t instanceof UncheckedIOException
                || t instanceof InvocationTargetException
                || t instanceof UndeclaredThrowableException
                || (t.getMessage() == null || t.getMessage().equals(t.getCause().toString())) && !(t instanceof StowageException);
    }

    private static String describe(Throwable t) {
        String msg = t.getMessage() == null ? "" : t.getMessage();
        if (t instanceof StowageException) return msg;
        if (t instanceof FileSystemException f) return fileProblem(f);
        if (t instanceof BindException) return "address already in use" + (msg.isEmpty() || msg.startsWith("Address already in use") ? "" : " (" + msg + ")");
        if (t instanceof ConnectException) return "connection refused";
        if (t instanceof NoRouteToHostException) return "no route to host" + suffix(msg);
        if (t instanceof UnknownHostException) return "unknown host " + msg;
        if (t instanceof SocketTimeoutException || t instanceof TimeoutException) {
            return msg.isEmpty() || !msg.toLowerCase(Locale.ROOT).contains("time") ? "timed out" + suffix(msg) : lower(msg);
        }
        if (t instanceof OutOfMemoryError) return "out of memory (raise -Xmx through STOWAGE_JAVA_OPTS)";
        if (t instanceof InterruptedException) return "interrupted";
        if (msg.isEmpty()) return "internal error (run with STOWAGE_DEBUG=1 for details)";
        return msg;
    }

    private static String fileProblem(FileSystemException f) {
        String file = f.getFile() == null ? "" : f.getFile();
        String other = f.getOtherFile() == null ? "" : " -> " + f.getOtherFile();
        String what;
        if (f instanceof NoSuchFileException) what = "no such file or directory";
        else if (f instanceof FileAlreadyExistsException) what = "already exists (or a parent of it is a file)";
        else if (f instanceof AccessDeniedException) what = "permission denied";
        else if (f instanceof NotDirectoryException) what = "not a directory";
        else if (f instanceof DirectoryNotEmptyException) what = "directory not empty";
        else what = f.getReason() == null ? "cannot be used" : lower(f.getReason());
        return file.isEmpty() ? what : file + other + ": " + what;
    }

    private static String suffix(String msg) {
        return msg.isEmpty() ? "" : " (" + msg + ")";
    }

    private static String lower(String s) {
        return s.isEmpty() ? s : Character.toLowerCase(s.charAt(0)) + s.substring(1);
    }

    /** One line, without class names a message may quote. */
    static String clean(String msg) {
        String one = msg.replace('\n', ' ').replace('\r', ' ');
        String stripped = CLASS_PREFIX.matcher(one).replaceAll("").strip();
        return stripped.isEmpty() ? "internal error (run with STOWAGE_DEBUG=1 for details)" : stripped;
    }
}
