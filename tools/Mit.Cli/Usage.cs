namespace Mit.Cli;

internal static class Usage
{
    public const string Text = """
        mit: command-line client for the MIT Platform (joint advice requests of SZW and VWS to the MIT and the OMT)

        Usage: mit COMMAND [options]

        Commands:
          login                                       sign in through the browser (device code); keeps a session
          logout                                      forget the stored session
          token    [--as NAME]                        print an access token (of NAME, else of the session)
          draft    CONTENT --co-signer SZW|VWS        draft a joint request (as a requester)
          revise   --id ID CONTENT                    revise a declined or not yet co-signed draft
          amend    --id ID CONTENT                    a new version of a released request (released once co-signed)
          get      --id ID                            show one request
          list                                        list the requests you may see
          cosign   --id ID [--version N --digest D]   co-sign the pending version (read first, unless given)
          decline  --id ID --reason R                 decline to co-sign
          withdraw --id ID --reason R                 withdraw a request
          link     --id ID (--related ID | --external TEXT) [--note N]
          watch    --committee mit|omt [--from N]     stream a committee desk until Ctrl+C (reconnects)
          ack      --committee mit|omt --id ID --version N --digest D
                                                      the secretariat confirms it holds that version
          composition --committee mit|omt [--as-of YYYY-MM-DD]   who sits on the committee (then)
          adopt    --id ID --digest SHA256 --summary S --vote SUBJECT:for|against|abstain... [--unanimous]
                                                      the MIT chair records the vote on its advice
          consensus --id ID --digest SHA256 --summary S [--dissent T]
                                                      the OMT chair records the consensus
          advice   --id ID                            both committees' advice as you may see it (sealed until both adopted)
          dossier  --id ID                            a publication dossier (a joint request's has the request's id)
          upload-advice --id ID --committee mit|omt --file F [--media-type T] [--title T]
                                                      the secretariat uploads the adopted text (SHA-256 = adopted digest)
          reflect  --id ID --file F --title T         an MIT expert member adds a reflection
          to-principal --id DOSSIER --document DOC    sent to the SG SZW (MIT) or VWS (OMT)
          to-parliament --id DOSSIER --document DOC --kamerbrief REF [--sent-at TIME]
                                                      the publication officer records the letter to parliament
          no-advice --id ID --committee mit|omt --reason R   a committee did not advise (published as a note)
          publish  --id DOSSIER                       publish every ready document at one instant
          published [--id REQUEST]                    the public record, without signing in

        CONTENT:
          --title T --question Q
          [--measure "name: description"]...         proposed measures, repeatable
          [--attachment "name;media/type;size;sha256"]...
          --urgent | --deadline 2026-12-01T12:00:00Z  urgent (deadline optional, default release + 48 h) or regular

        Who calls (one of):
          (nothing)           the session of `mit login`, renewed with its refresh token; stored in
                              $XDG_CONFIG_HOME/mit/session.json (default ~/.config/mit/session.json), mode 0600
          --as NAME           a demo user, signed in with user name and password (the identity service allows
                              this only in Development; elsewhere use `mit login`); `token` also takes --persona
          --password P        the password for --as (default: $MIT_PASSWORD, else the demo password)
          --token TOKEN       this bearer token

        Options on every command:
          --identity URL      the identity service (sign-in, tokens): default $MIT_IDENTITY, else http://127.0.0.1:5081
          --gateway URL       default: $MIT_GATEWAY, else http://127.0.0.1:5080 (h2c)
          --json              print the protobuf JSON instead (watch: one object per line)
          --idempotency-key K on changes: reuse K to retry safely (default: a random key per call)

        Demo users (Development): szw-requester, vws-requester (requesters of SZW and VWS), sg-szw,
          vws-minister, vws-delegate, omt-chair, omt-secretary, omt-member, mit-chair, mit-member, mit-expert,
          mit-secretariat, cpo, szw-publication, szw-minister, auditor, operator

        Example:
          mit draft --as szw-requester --title "Reopening schools" --question "Which measures?" \
              --measure "Ventilation: CO2 meters in every classroom" --urgent --co-signer VWS
          mit cosign --as vws-requester --id ID
          mit watch --as mit-secretariat --committee mit
          mit login          (then, as the user you signed in as:)  mit list

        Exit codes: 0 ok, 1 the call or sign-in failed (gRPC status or identity error on stderr), 2 wrong command line.
        """;

    /// <summary>A wrong command line: the reason and the usage on stderr, exit code 2.</summary>
    public static int Fail(string message)
    {
        Console.Error.WriteLine(message);
        Console.Error.WriteLine();
        Console.Error.WriteLine(Text);
        return 2;
    }
}
