package com.wolfscale.config;

import java.util.List;

/**
 * A configuration that loaded without errors, with its warnings and the effective value of every key.
 *
 * @param source    file name (or another label) the text came from, for messages
 * @param effective every key with its resolved value and origin, in section order
 */
public record LoadedConfig(WolfscaleConfig config, String source, List<ConfigProblem> warnings,
                           List<EffectiveSetting> effective) {
}
