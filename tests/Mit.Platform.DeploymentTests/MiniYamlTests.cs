namespace Mit.Platform.DeploymentTests;

/// <summary>The YAML subset reader, on the shapes `docker-compose config` prints.</summary>
public sealed class MiniYamlTests
{
    private static IReadOnlyDictionary<string, object?> Map(string yaml) => Node.Map(MiniYaml.Parse(yaml));

    [Fact]
    public void Reads_nested_mappings_and_indentless_sequences()
    {
        var root = Map("""
            services:
              gateway:
                cap_drop:
                - ALL
                healthcheck:
                  test:
                  - CMD
                  - curl
                  timeout: 5s
                ports:
                - 0.0.0.0:8080:8080/tcp
            version: '3.9'
            volumes:
              data: {}
            """);
        var gateway = Node.Map(Node.Map(root.Get("services")).Get("gateway"));
        Assert.Equal(["ALL"], Node.List(gateway.Get("cap_drop")));
        var check = Node.Map(gateway.Get("healthcheck"));
        Assert.Equal(["CMD", "curl"], Node.List(check.Get("test")));
        Assert.Equal("5s", check.Text("timeout"));
        Assert.Equal(["0.0.0.0:8080:8080/tcp"], Node.List(gateway.Get("ports")));
        Assert.Equal("3.9", root.Text("version"));
        Assert.Empty(Node.Map(Node.Map(root.Get("volumes")).Get("data")));
    }

    [Fact]
    public void Reads_sequences_of_mappings_and_indented_sequences()
    {
        var root = Map("""
            ports:
              - mode: ingress
                target: 8080
                published: "8080"
              - target: 8081
            empty:
            list: []
            """);
        var ports = Node.List(root.Get("ports")).Select(Node.Map).ToList();
        Assert.Equal("ingress", ports[0].Text("mode"));
        Assert.Equal("8080", ports[0].Text("target"));
        Assert.Equal("8080", ports[0].Text("published"));
        Assert.Equal("8081", ports[1].Text("target"));
        Assert.Null(root.Get("empty"));
        Assert.Empty(Node.List(root.Get("list")));
    }

    [Fact]
    public void Reads_quoted_scalars_with_escapes_and_folded_lines()
    {
        var root = Map("""
            a: 'it''s: not a key'
            b: "tab\there \"quoted\" \u00e9"
            c: ''
            d: "yes"
            e: plain value # comment
            f: '-----BEGIN PRIVATE KEY-----

              MIIEv

              -----END PRIVATE KEY-----'
            g: "first \
              second"
            h: a long plain
              value folded
            i: null
            """);
        Assert.Equal("it's: not a key", root.Text("a"));
        Assert.Equal("tab\there \"quoted\" \u00e9", root.Text("b"));
        Assert.Equal("", root.Text("c"));
        Assert.Equal("yes", root.Text("d"));
        Assert.Equal("plain value", root.Text("e"));
        Assert.Equal("-----BEGIN PRIVATE KEY-----\nMIIEv\n-----END PRIVATE KEY-----", root.Text("f"));
        Assert.Equal("first second", root.Text("g"));
        Assert.Equal("a long plain value folded", root.Text("h"));
        Assert.Null(root.Text("i"));
    }

    [Fact]
    public void Reads_block_scalars()
    {
        var root = Map("""
            literal: |
              line one
                indented
              line three
            stripped: |-
              x
            folded: >-
              one
              two

              three
            next: value
            """);
        Assert.Equal("line one\n  indented\nline three\n", root.Text("literal"));
        Assert.Equal("x", root.Text("stripped"));
        Assert.Equal("one two\nthree", root.Text("folded"));
        Assert.Equal("value", root.Text("next"));
    }

    [Fact]
    public void Reads_flat_flow_sequences()
    {
        var root = Map("""test: ["CMD", 'curl', -fsS]""");
        Assert.Equal(["CMD", "curl", "-fsS"], Node.List(root.Get("test")));
    }

    [Theory]
    [InlineData("a: &anchor x")]
    [InlineData("a: *alias")]
    [InlineData("a: {b: c}")]
    [InlineData("a: b\n   c: d\n  e: f")]
    [InlineData("a: 'unterminated")]
    [InlineData("a: 1\na: 2")]
    public void Refuses_what_it_does_not_understand(string yaml) =>
        Assert.Throws<FormatException>(() => MiniYaml.Parse(yaml));
}
