package com.beatgen.functions;

import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.ConfigurationSource;
import org.apache.logging.log4j.core.config.properties.PropertiesConfiguration;
import org.apache.logging.log4j.core.config.properties.PropertiesConfigurationFactory;

/**
 * log4j's factory for our {@code log4j2.properties} ({@code log4j2.component.properties} names it), which tells
 * {@link InitWarmup} that the configuration has begun. From then on the configuring thread holds log4j's lock: a logger
 * another thread creates no longer begins a second configuration (nor waits for this one; it is updated when it ends),
 * so INIT's warm-up may run its path beside it.
 */
public final class ObservedConfigurationFactory extends PropertiesConfigurationFactory {

    @Override
    public PropertiesConfiguration getConfiguration(LoggerContext loggerContext, ConfigurationSource source) {
        InitWarmup.loggingConfigurationBegins();
        return super.getConfiguration(loggerContext, source);
    }
}
