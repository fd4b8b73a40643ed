package io.vigil.alert.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class WatchRequestTest {

    private final ObjectMapper mapper = new ObjectMapper();

    @Test
    void aWatchNamesTheHostsOnceEach() throws Exception {
        assertThat(WatchRequest.parse(mapper, "{\"type\":\"watch\",\"hosts\":[\"web-1\",\"db-1\",\"web-1\"]}").hosts())
                .isEqualTo(Set.of("web-1", "db-1"));
    }

    @Test
    void anEmptyListWatchesNothing() throws Exception {
        assertThat(WatchRequest.parse(mapper, "{\"type\":\"watch\",\"hosts\":[]}").hosts()).isEmpty();
    }

    @Test
    void twentyHostsAreTheMost() throws Exception {
        String twenty = IntStream.range(0, 20).mapToObj(i -> "\"h" + i + "\"").collect(Collectors.joining(","));
        assertThat(WatchRequest.parse(mapper, "{\"type\":\"watch\",\"hosts\":[" + twenty + "]}").hosts()).hasSize(20);
        assertThatThrownBy(() -> WatchRequest.parse(mapper, "{\"type\":\"watch\",\"hosts\":[" + twenty + ",\"x\"]}"))
                .hasMessageStartingWith("hosts: at most 20");
    }

    @Test
    void eachRefusalNamesTheFieldAtFault() {
        assertRefused("not json", "message:");
        assertRefused("[1]", "message:");
        assertRefused("{\"hosts\":[]}", "type:");
        assertRefused("{\"type\":\"unwatch\"}", "type:");
        assertRefused("{\"type\":\"watch\"}", "hosts:");
        assertRefused("{\"type\":\"watch\",\"hosts\":{}}", "hosts:");
        assertRefused("{\"type\":\"watch\",\"hosts\":[\"a\",\" \"]}", "hosts[1]:");
        assertRefused("{\"type\":\"watch\",\"hosts\":[null]}", "hosts[0]:");
        assertRefused("{\"type\":\"watch\",\"hosts\":[],\"host\":\"a\"}", "host:");
    }

    private void assertRefused(String text, String prefix) {
        assertThatThrownBy(() -> WatchRequest.parse(mapper, text)).isInstanceOf(WatchRequest.Invalid.class)
                .hasMessageStartingWith(prefix);
    }
}
