package io.vigil.domain.dns;

import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * The one place that sends a DNS question: dnsjava's non-blocking {@link SimpleResolver#sendAsync}
 * (UDP, TCP when the answer is truncated), one attempt, bounded by the check's timeout. The DNS
 * and DDNS checkers and the NS discovery all ask through here.
 */
final class DnsQuery {

    private DnsQuery() {
    }

    /**
     * Asks {@code server} for the {@code type} records of {@code name}, recursion desired (an
     * authoritative server ignores the flag). The future always completes normally.
     */
    static CompletableFuture<Answer> ask(InetSocketAddress server, String name, String type, Duration timeout) {
        int typeCode = Type.value(type);
        Message question;
        try {
            question = Message.newQuery(Record.newRecord(Name.fromString(absolute(name)), typeCode, DClass.IN));
        } catch (TextParseException | IllegalArgumentException e) {
            return CompletableFuture.completedFuture(Answer.error("", "'" + name + "' is not a DNS name"));
        }
        SimpleResolver resolver = new SimpleResolver(server);
        resolver.setTimeout(timeout);
        CompletableFuture<Answer> answer;
        try {
            answer = resolver.sendAsync(question).toCompletableFuture()
                    .handle((response, failure) -> failure != null ? failed(failure, timeout)
                            : read(response, typeCode));
        } catch (RuntimeException e) {
            answer = CompletableFuture.completedFuture(failed(e, timeout));
        }
        // dnsjava checks its timeouts on a selector tick, up to a second late; the check's own
        // deadline is exact.
        return answer.completeOnTimeout(Answer.timeout(noAnswer(timeout)), timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static Answer read(Message response, int typeCode) {
        int rcode = response.getRcode();
        String mnemonic = Rcode.string(rcode);
        if (rcode == Rcode.NXDOMAIN) {
            return new Answer(Answer.Outcome.NXDOMAIN, mnemonic, List.of(), -1, "");
        }
        if (rcode == Rcode.SERVFAIL) {
            return new Answer(Answer.Outcome.SERVFAIL, mnemonic, List.of(), -1, "");
        }
        if (rcode != Rcode.NOERROR) {
            return Answer.error(mnemonic, "the resolver answered " + mnemonic);
        }
        List<String> values = new ArrayList<>();
        long ttl = -1;
        for (Record r : response.getSection(Section.ANSWER)) {
            // The TTL of the whole answer: a CNAME in front of the address expires with it.
            ttl = ttl < 0 ? r.getTTL() : Math.min(ttl, r.getTTL());
            if (r.getType() == typeCode) {
                values.add(RecordValues.canonical(r));
            }
        }
        values.sort(null);
        if (response.getHeader().getFlag(Flags.TC)) {
            // Only when TCP failed too: the answer is incomplete and cannot be compared.
            return Answer.error(mnemonic, "the answer was truncated");
        }
        return new Answer(Answer.Outcome.RECORDS, mnemonic, values, ttl, "");
    }

    private static Answer failed(Throwable failure, Duration timeout) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        if (cause instanceof SocketTimeoutException) {
            return Answer.timeout(noAnswer(timeout));
        }
        String why = cause.getMessage() == null ? cause.getClass().getSimpleName()
                : cause.getClass().getSimpleName() + ": " + cause.getMessage();
        return Answer.error("", why);
    }

    private static String noAnswer(Duration timeout) {
        return "no answer within " + timeout.toMillis() + " ms";
    }

    static String absolute(String name) {
        return name.endsWith(".") ? name : name + ".";
    }
}
