package dev.descheduler.silver.parse;

import java.util.Locale;
import java.util.Set;

/**
 * Tells whether a login belongs to a machine account. Precision over recall: a human wrongly marked as a bot
 * disappears from activity marts, a missed bot only adds noise.
 *
 * <ul>
 *   <li>{@code [bot]} suffix: GitHub Apps ({@code dependabot[bot]}, {@code github-actions[bot]}); authoritative.
 *   <li>{@code -bot} or {@code _bot} suffix, any case ({@code greenkeeperio-bot}, {@code netkan-bot}): the naming
 *       convention of machine users before GitHub Apps existed.
 *   <li>{@code Bot} suffix after a lower-case letter or digit ({@code BrewTestBot}, {@code KalturaGitBot}): the same
 *       convention in CamelCase. A plain lower-case {@code bot} ending is not enough ({@code shawnbot} is a person).
 *   <li>A few well-known machine users without either mark.
 * </ul>
 */
final class BotAccounts {

    private static final Set<String> KNOWN = Set.of("hubot", "gopherbot", "bors", "homu");

    private BotAccounts() {}

    static boolean isBot(String login) {
        if (login.endsWith("[bot]")) {
            return true;
        }
        String lower = login.toLowerCase(Locale.ROOT);
        if (lower.endsWith("-bot") || lower.endsWith("_bot") || KNOWN.contains(lower)) {
            return true;
        }
        int n = login.length();
        return n > 3 && login.endsWith("Bot") && isLowerOrDigit(login.charAt(n - 4));
    }

    private static boolean isLowerOrDigit(char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    }
}
