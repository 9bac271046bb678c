package dev.stowage.spec;

/** User and group ids as tar headers and Linux take them: 0 to 2^31−1. */
public final class Ids {
    private Ids() {}

    /** Refuses a negative id (larger ones cannot be read: the field is a Java int, so Jackson refuses them). */
    public static void check(Integer id, String what) {
        if (id != null && id < 0) throw new IllegalArgumentException(what + " must be 0 to 2147483647, got " + id);
    }
}
