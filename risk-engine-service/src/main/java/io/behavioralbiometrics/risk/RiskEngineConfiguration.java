package io.behavioralbiometrics.risk;

import io.behavioralbiometrics.core.event.EventCodec;
import io.behavioralbiometrics.risk.features.FeatureExtractor;
import io.behavioralbiometrics.risk.model.ModelHyperparameters;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The stateless building blocks training, scoring and live scoring share. */
@Configuration(proxyBeanMethods = false)
class RiskEngineConfiguration {

    @Bean
    FeatureExtractor featureExtractor() {
        return new FeatureExtractor();
    }

    @Bean
    ModelHyperparameters modelHyperparameters() {
        return ModelHyperparameters.DEFAULTS;
    }

    @Bean
    EventCodec eventCodec() {
        return new EventCodec();
    }
}
