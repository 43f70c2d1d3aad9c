# syntax=docker/dockerfile:1
# One recipe for the four services (build arg SERVICE), following Spring Boot's layered-jar
# guidance: dependencies change rarely, so they sit in lower, cached layers.
ARG JAVA_IMAGE=eclipse-temurin:25.0.1_8-jdk-noble
ARG JRE_IMAGE=eclipse-temurin:25.0.1_8-jre-noble

FROM ${JAVA_IMAGE} AS build
ARG SERVICE
WORKDIR /src
COPY .mvn .mvn
COPY mvnw pom.xml ./
COPY shared-core shared-core
COPY test-support test-support
COPY identity-service identity-service
COPY ingestor-service ingestor-service
COPY event-logger-service event-logger-service
COPY risk-engine-service risk-engine-service
COPY local-stack/pom.xml local-stack/pom.xml
RUN --mount=type=cache,target=/root/.m2 ./mvnw -B -q -pl ${SERVICE} -am -DskipTests package \
 && cp ${SERVICE}/target/${SERVICE}-*-exec.jar /app.jar

FROM ${JRE_IMAGE} AS extract
WORKDIR /layers
COPY --from=build /app.jar app.jar
RUN java -Djarmode=tools -jar app.jar extract --layers --launcher --destination extracted

FROM ${JRE_IMAGE}
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --no-create-home app
USER 10001
WORKDIR /app
COPY --from=extract /layers/extracted/dependencies/ ./
COPY --from=extract /layers/extracted/spring-boot-loader/ ./
COPY --from=extract /layers/extracted/snapshot-dependencies/ ./
COPY --from=extract /layers/extracted/application/ ./
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "--enable-native-access=ALL-UNNAMED", "org.springframework.boot.loader.launch.JarLauncher"]
