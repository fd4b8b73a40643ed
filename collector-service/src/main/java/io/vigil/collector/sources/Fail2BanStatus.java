package io.vigil.collector.sources;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the tree that {@code fail2ban-client status} and {@code fail2ban-client status <jail>}
 * print. Only the lines it needs are looked at, by their label, so that lines added by other
 * fail2ban versions or backends (file list or journal matches) do not matter.
 */
public final class Fail2BanStatus {

    private static final Pattern JAIL_LIST = Pattern.compile("(?m)^[\\s|`-]*Jail list:(.*)$");
    private static final Pattern CURRENTLY_BANNED = Pattern.compile("(?m)^[\\s|`-]*Currently banned:\\s*(\\d+)\\s*$");
    private static final Pattern TOTAL_BANNED = Pattern.compile("(?m)^[\\s|`-]*Total banned:\\s*(\\d+)\\s*$");

    /** One jail's ban counts: banned now, and banned since fail2ban started. */
    public record JailCounts(long currentlyBanned, long totalBanned) {
    }

    private Fail2BanStatus() {
    }

    /**
     * The jail names in the output of {@code fail2ban-client status}; none when the list is empty.
     *
     * @throws IllegalArgumentException when the output has no jail list at all
     */
    public static List<String> jails(String statusOutput) {
        Matcher matcher = JAIL_LIST.matcher(statusOutput);
        if (!matcher.find()) {
            throw new IllegalArgumentException("fail2ban-client status: no 'Jail list:' line in: " + excerpt(statusOutput));
        }
        List<String> jails = new ArrayList<>();
        for (String jail : matcher.group(1).split(",")) {
            if (!jail.isBlank()) {
                jails.add(jail.strip());
            }
        }
        return jails;
    }

    /**
     * The counts in the output of {@code fail2ban-client status <jail>}.
     *
     * @throws IllegalArgumentException when either count is missing
     */
    public static JailCounts jail(String jail, String jailOutput) {
        return new JailCounts(count(jail, jailOutput, CURRENTLY_BANNED, "Currently banned"),
                count(jail, jailOutput, TOTAL_BANNED, "Total banned"));
    }

    private static long count(String jail, String output, Pattern pattern, String label) {
        Matcher matcher = pattern.matcher(output);
        if (!matcher.find()) {
            throw new IllegalArgumentException(
                    "fail2ban-client status " + jail + ": no '" + label + ":' line in: " + excerpt(output));
        }
        return Long.parseLong(matcher.group(1));
    }

    private static String excerpt(String output) {
        String flat = output.strip().replace('\n', ' ');
        return flat.length() <= 200 ? flat : flat.substring(0, 200) + "...";
    }
}
