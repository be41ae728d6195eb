package dev.kafkapool.autoconfigure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Who this process is, for a report about a file it cannot read or write: its user name and, on
 * Linux, its user and group ids. A container started with an id that has no name (OpenShift's
 * random uids, Kubernetes' {@code runAsUser} without a passwd entry) has the JVM say {@code ?} for the
 * name; the ids are what a file's mode and owner, or a pod's {@code fsGroup}, are compared with.
 */
public final class ProcessUser {

    private static final Path STATUS = Path.of("/proc/self/status");

    private ProcessUser() {
    }

    /** {@code user app, uid 10001, gid 10001}; {@code uid 1000680000, gid 0} for a user without a name. */
    public static String describe() {
        String name = System.getProperty("user.name");
        boolean named = name != null && !name.isBlank() && !name.equals("?");
        String ids = ids();
        if (ids == null) {
            return "user " + (named ? name : "?");
        }
        return named ? "user " + name + ", " + ids : ids;
    }

    /** {@code uid 10001, gid 10001} from the kernel's own account of the process, or {@code null} off Linux. */
    private static String ids() {
        try {
            List<String> lines = Files.readAllLines(STATUS);
            String uid = effective(lines, "Uid:");
            String gid = effective(lines, "Gid:");
            return (uid != null && gid != null) ? "uid " + uid + ", gid " + gid : null;
        }
        catch (IOException | RuntimeException ex) {
            return null;
        }
    }

    /** The effective id of a {@code Uid:} or {@code Gid:} line: real, effective, saved, file system. */
    private static String effective(List<String> lines, String field) {
        for (String line : lines) {
            if (line.startsWith(field)) {
                String[] ids = line.substring(field.length()).trim().split("\\s+");
                return (ids.length > 1) ? ids[1] : null;
            }
        }
        return null;
    }

}
