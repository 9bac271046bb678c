package dev.stowage.registryserver;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import dev.stowage.error.BadInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.security.crypto.bcrypt.BCrypt;

/**
 * Users and their bcrypt hashes, from an htpasswd file as {@code htpasswd -B} writes it
 * ({@code user:$2y$05$…}, one a line; blank lines and {@code #} comments skipped). Other hash
 * kinds (MD5 {@code $apr1$}, SHA-1 {@code {SHA}}, crypt, plain text) are refused when the file is
 * loaded, naming the file and line but never the hash.
 */
public final class Htpasswd {
    private final Map<String, String> hashes;
    /** Checked for unknown users, so that an unknown name costs as much time as a wrong password. */
    private final String decoy;

    private static final Pattern BCRYPT = Pattern.compile("\\$2[aby]\\$(\\d\\d)\\$[./A-Za-z0-9]{53}");

    private Htpasswd(Map<String, String> hashes) {
        this.hashes = Map.copyOf(hashes);
        // as costly as the users' own hashes (htpasswd -B writes cost 5 unless told -C)
        int cost = hashes.values().stream().mapToInt(Htpasswd::cost).max().orElse(5);
        this.decoy = BCrypt.hashpw("decoy", BCrypt.gensalt(cost));
    }

    private static int cost(String hash) {
        Matcher m = BCRYPT.matcher(hash);
        return m.matches() ? Integer.parseInt(m.group(1)) : 5;
    }

    public static Htpasswd load(Path file) {
        List<String> lines = new String(InputFile.read(file, "the htpasswd file"), StandardCharsets.UTF_8).lines().toList();
        Map<String, String> hashes = new TreeMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) continue;
            String where = file + ":" + (i + 1);
            int colon = line.indexOf(':');
            if (colon <= 0) throw new BadInputException(where, "not USER:HASH");
            String user = line.substring(0, colon);
            String hash = line.substring(colon + 1);
            if (!isBcrypt(hash)) {
                throw new BadInputException(where, "user '" + user + "' has a hash that is not bcrypt ($2y$, as 'htpasswd -B' writes): other kinds are refused");
            }
            if (hashes.put(user, hash) != null) throw new BadInputException(where, "user '" + user + "' is listed twice");
        }
        if (hashes.isEmpty()) throw new BadInputException(file.toString(), "the htpasswd file names no user");
        return new Htpasswd(hashes);
    }

    private static boolean isBcrypt(String hash) {
        Matcher m = BCRYPT.matcher(hash);
        return m.matches() && Integer.parseInt(m.group(1)) >= 4 && Integer.parseInt(m.group(1)) <= 31;
    }

    /** Whether {@code password} is {@code user}'s; takes a bcrypt check's time whether or not the user exists. */
    public boolean verify(String user, String password) {
        String hash = hashes.get(user);
        boolean matches = BCrypt.checkpw(password, hash != null ? hash : decoy);
        return hash != null && matches;
    }

    public boolean knows(String user) {
        return hashes.containsKey(user);
    }
}
