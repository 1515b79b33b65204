package dev.jdrill.explore;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What an exploration does.
 *
 * @param count how many scripts to generate, or empty to go by {@code time}
 * @param time how long to generate and run scripts (shrinking follows), or empty to go by {@code count}
 * @param jobs scripts run at once
 * @param toleranceUsecs how far apart in time two segments may be and still be the same (at least; the
 *     share of the gap since the previous event applies as in packetdrill)
 * @param shrinkCandidates how many candidate scripts the shrinker may run per divergence
 * @param outDir where the regression scripts go
 * @param commandLine how the user asked for this, for the scripts' headers
 */
public record ExploreSettings(Side first, Side second, Family family, long seed, OptionalLong count,
                              Optional<Duration> time, int jobs, long toleranceUsecs, int shrinkCandidates,
                              Path outDir, String commandLine) {
}
