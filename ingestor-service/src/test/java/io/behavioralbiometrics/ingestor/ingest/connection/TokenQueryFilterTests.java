package io.behavioralbiometrics.ingestor.ingest.connection;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.ServletRequest;
import jakarta.servlet.http.HttpServletRequest;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

class TokenQueryFilterTests {

    @Test
    void tokenShouldMoveToAnAttributeAndLeaveTheQueryString() throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/ws/ingest");
        request.setQueryString("v=2&token=abc.def.ghi&x=1");
        request.setParameter("token", "abc.def.ghi");
        AtomicReference<ServletRequest> seen = new AtomicReference<>();

        new TokenQueryFilter().doFilter(request, new MockHttpServletResponse(), (req, res) -> seen.set(req));

        HttpServletRequest downstream = (HttpServletRequest) seen.get();
        assertThat(downstream.getQueryString()).isEqualTo("v=2&x=1");
        assertThat(downstream.getAttribute(TokenQueryFilter.TOKEN_ATTRIBUTE)).isEqualTo("abc.def.ghi");
    }

    @Test
    void queryOfOnlyTheTokenShouldBecomeNoQuery() {
        assertThat(TokenQueryFilter.withoutToken("token=abc")).isNull();
        assertThat(TokenQueryFilter.withoutToken("tokens=1&token")).isEqualTo("tokens=1");
    }
}
