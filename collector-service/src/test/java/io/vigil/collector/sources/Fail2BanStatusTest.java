package io.vigil.collector.sources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Parsing fail2ban-client output captured from a server with an sshd and an nginx jail. */
class Fail2BanStatusTest {

    @Test
    void readsTheJailList() {
        assertThat(Fail2BanStatus.jails(Resources.text("fail2ban-status.txt")))
                .containsExactly("nginx-http-auth", "recidive", "sshd");
    }

    @Test
    void anEmptyJailListIsNoJails() {
        assertThat(Fail2BanStatus.jails(Resources.text("fail2ban-status-no-jails.txt"))).isEmpty();
    }

    @Test
    void readsCurrentlyAndTotalBannedButNotTheFailedCounts() {
        assertThat(Fail2BanStatus.jail("sshd", Resources.text("fail2ban-status-sshd.txt")))
                .isEqualTo(new Fail2BanStatus.JailCounts(3, 296));
    }

    @Test
    void aJailWithNothingBannedHasZeroes() {
        assertThat(Fail2BanStatus.jail("nginx-http-auth", Resources.text("fail2ban-status-nginx-http-auth.txt")))
                .isEqualTo(new Fail2BanStatus.JailCounts(0, 0));
    }

    @Test
    void outputWithoutTheCountsIsRejectedNamingTheJail() {
        assertThatThrownBy(() -> Fail2BanStatus.jail("sshd", "Sorry but the jail 'sshd' does not exist"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("status sshd").hasMessageContaining("Currently banned");
    }

    @Test
    void anErrorInsteadOfAStatusIsRejected() {
        assertThatThrownBy(() -> Fail2BanStatus.jails(
                "ERROR   Failed to access socket path: /var/run/fail2ban/fail2ban.sock. Is fail2ban running?"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Jail list");
    }
}
