package io.vigil.alert.store;

import io.vigil.alert.lifecycle.OpenAlert;
import io.vigil.alert.rule.SeenSeries;
import java.util.List;

/**
 * What an instance gets when it takes over a partition of a consumed topic.
 *
 * @param epoch the fencing token every later commit for this partition must name
 * @param nextOffset the first offset not yet applied, or -1 when none ever was
 * @param open the open alerts whose series arrive on this partition
 * @param seen the series absence rules watch on this partition
 */
public record PartitionClaim(int partition, long epoch, long nextOffset, List<OpenAlert> open, List<SeenSeries> seen) {
}
