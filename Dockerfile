# The GGE Workspace service: built with the .NET 10 SDK, run on the ASP.NET Core 10 runtime.

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src

# Restore first, from the project files only, so the layer is reused until a package changes. Every project the
# service references is restored here too: `publish --no-restore` below needs their assets (NETSDK1004 otherwise).
# .ci/dockerfile-check repeats this stage's steps in an empty folder on every test run.
COPY global.json Directory.Build.props Directory.Packages.props ./
COPY src/GgeWorkspace.Api/GgeWorkspace.Api.csproj src/GgeWorkspace.Api/
COPY src/GgeWorkspace.Text/GgeWorkspace.Text.csproj src/GgeWorkspace.Text/
COPY src/GgeWorkspace.Client/GgeWorkspace.Client.csproj src/GgeWorkspace.Client/
RUN dotnet restore src/GgeWorkspace.Api/GgeWorkspace.Api.csproj

# The migrations are embedded in the service.
COPY migrations/ migrations/
COPY src/ src/
RUN dotnet publish src/GgeWorkspace.Api/GgeWorkspace.Api.csproj -c Release -o /app --no-restore

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
# curl answers the container health check. LibreOffice (Writer, no GUI) renders PDF exports, with fonts for Latin
# (metric-compatible with Times New Roman), Arabic and Chinese text.
RUN apt-get update \
    && apt-get install -y --no-install-recommends curl libreoffice-writer-nogui fonts-liberation fonts-noto-core fonts-noto-cjk \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /app ./
ENV ASPNETCORE_ENVIRONMENT=Production \
    ASPNETCORE_URLS=http://+:8080 \
    DOTNET_CLI_TELEMETRY_OPTOUT=1
EXPOSE 8080
# The image's unprivileged user.
USER $APP_UID
ENTRYPOINT ["dotnet", "GgeWorkspace.Api.dll"]
