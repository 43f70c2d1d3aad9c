package io.behavioralbiometrics.ingestor.ingest.connection;

import jakarta.servlet.ServletContext;
import jakarta.websocket.server.ServerContainer;
import org.springframework.stereotype.Component;
import org.springframework.web.context.ServletContextAware;

/**
 * Sets the servlet container's WebSocket limits from {@link IngestProperties}: Tomcat
 * closes with 1009 when a text message exceeds the buffer (the handler checks bytes too).
 * Does what {@code ServletServerContainerFactoryBean} does, without a factory bean that
 * would be created before the configuration properties exist.
 */
@Component
class WebSocketContainerLimits implements ServletContextAware {

    private final IngestProperties properties;

    WebSocketContainerLimits(IngestProperties properties) {
        this.properties = properties;
    }

    @Override
    public void setServletContext(ServletContext servletContext) {
        if (!(servletContext.getAttribute(ServerContainer.class.getName()) instanceof ServerContainer container)) {
            throw new IllegalStateException("no WebSocket ServerContainer in the servlet context");
        }
        container.setDefaultMaxTextMessageBufferSize((int) properties.maxFrameSize().toBytes());
        // Binary frames are refused (1003); no reason to buffer much of one.
        container.setDefaultMaxBinaryMessageBufferSize(1024);
        container.setAsyncSendTimeout(properties.sendTimeLimit().toMillis());
    }
}
