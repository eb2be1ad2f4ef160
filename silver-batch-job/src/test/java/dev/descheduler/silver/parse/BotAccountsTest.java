package dev.descheduler.silver.parse;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BotAccountsTest {

    @Test
    void recognisesGitHubApps() {
        assertThat(BotAccounts.isBot("dependabot[bot]")).isTrue();
        assertThat(BotAccounts.isBot("github-actions[bot]")).isTrue();
    }

    @Test
    void recognisesMachineUsersByTheirSuffix() {
        assertThat(BotAccounts.isBot("greenkeeperio-bot")).isTrue();
        assertThat(BotAccounts.isBot("netkan_BOT")).isTrue();
        assertThat(BotAccounts.isBot("BrewTestBot")).isTrue();
        assertThat(BotAccounts.isBot("MozillaPootleL10nBot")).isTrue();
        assertThat(BotAccounts.isBot("hubot")).isTrue();
    }

    @Test
    void leavesPeopleWhoseLoginMerelyEndsInBotAlone() {
        assertThat(BotAccounts.isBot("shawnbot")).isFalse();
        assertThat(BotAccounts.isBot("abbot")).isFalse();
        assertThat(BotAccounts.isBot("Bot")).isFalse();
        assertThat(BotAccounts.isBot("ABot")).isFalse();
        assertThat(BotAccounts.isBot("petroav")).isFalse();
    }
}
