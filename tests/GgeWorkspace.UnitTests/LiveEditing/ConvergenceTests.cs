using FsCheck.Xunit;
using GgeWorkspace.Api.Drafts;
using GgeWorkspace.Api.Groups;
using GgeWorkspace.Client.Live;

namespace GgeWorkspace.UnitTests.LiveEditing;

/// <summary>
/// Several clients edit one paragraph through the real sequencing decision (ParagraphDecisions.LiveEdit) while the
/// network delays and interleaves their messages at random: everyone must end with the server's text.
/// </summary>
public sealed class ConvergenceTests
{
    private static readonly string[] Pieces = ["a", "b", "xyz", " ", "😀", "👩🏽‍🔬", "e\u0301", "核查", "التحقق", "\u200f", "🇳🇴", "Ω"];

    private static TextOperation RandomEdit(Random random, string text)
    {
        var length = CodePoints.Length(text);
        var at = random.Next(length + 1);
        if (length > 0 && random.Next(3) == 0)
        {
            var count = random.Next(1, Math.Min(4, length - at) + 1);
            if (at == length) return TextOperation.Identity(length);
            return TextOperation.Empty.Retain(at).Delete(Math.Min(count, length - at)).Retain(Math.Max(0, length - at - Math.Min(count, length - at)));
        }
        var insert = Pieces[random.Next(Pieces.Length)];
        return TextOperation.Empty.Retain(at).Insert(insert).Retain(length - at);
    }

    private sealed class Server(Paragraph state)
    {
        public Paragraph State { get; private set; } = state;

        public CommittedOperation Receive(PendingOperationState pending, string sub)
        {
            var (events, applied) = ParagraphDecisions.LiveEdit(State, pending.Operation, pending.BaseVersion,
                new Actor(sub, MemberRole.Expert, null), pending.ClientOperationId, DateTimeOffset.UnixEpoch, 1_000_000);
            foreach (var e in events) State = Paragraph.Evolve(State, e)!;
            return new CommittedOperation(State.TextVersion, pending.ClientOperationId, sub, applied);
        }
    }

    private static Paragraph NewParagraph(string text) =>
        Paragraph.From(new ParagraphAdded(Guid.Empty, Guid.Empty, Guid.NewGuid(), text, "chair", null, DateTimeOffset.UnixEpoch));

    [Property(MaxTest = 300)]
    public bool Random_edits_from_several_clients_converge_to_the_servers_text(int seed, byte clientCount)
    {
        var random = new Random(seed);
        var n = 2 + clientCount % 4;
        var server = new Server(NewParagraph("Verification 核查 ✅"));
        var clients = Enumerable.Range(0, n).Select(i => new ParagraphDocument(server.State.Id, server.State.Text, 0, $"client-{i}")).ToArray();
        var upstream = clients.Select(_ => new Queue<PendingOperationState>()).ToArray();
        var downstream = clients.Select(_ => new Queue<CommittedOperation>()).ToArray();
        for (var i = 0; i < n; i++)
        {
            var index = i;
            clients[i].ReadyToSend += pending => upstream[index].Enqueue(pending);
        }

        void DeliverUp(int i)
        {
            var committed = server.Receive(upstream[i].Dequeue(), clients[i].AuthorSub);
            foreach (var queue in downstream) queue.Enqueue(committed);
        }

        for (var step = 0; step < 120; step++)
        {
            var i = random.Next(n);
            switch (random.Next(3))
            {
                case 0:
                    clients[i].Edit(RandomEdit(random, clients[i].Text));
                    break;
                case 1 when upstream[i].Count > 0:
                    DeliverUp(i);
                    break;
                case 2 when downstream[i].Count > 0:
                    clients[i].Receive([downstream[i].Dequeue()]);
                    break;
            }
        }
        while (upstream.Any(q => q.Count > 0) || downstream.Any(q => q.Count > 0))
        {
            for (var i = 0; i < n; i++)
            {
                if (upstream[i].Count > 0) DeliverUp(i);
                while (downstream[i].Count > 0) clients[i].Receive([downstream[i].Dequeue()]);
            }
        }

        return clients.All(c => c.Text == server.State.Text && c.ServerText == server.State.Text && c.IsSynchronized && c.Version == server.State.TextVersion);
    }

    [Property(MaxTest = 200)]
    public bool Committed_operations_arriving_out_of_order_are_applied_in_version_order(int seed)
    {
        var random = new Random(seed);
        var server = new Server(NewParagraph("abc"));
        var writer = new ParagraphDocument(server.State.Id, "abc", 0, "writer");
        var reader = new ParagraphDocument(server.State.Id, "abc", 0, "reader");
        var committed = new List<CommittedOperation>();
        writer.ReadyToSend += pending => committed.Add(server.Receive(pending, "writer"));
        for (var i = 0; i < 20; i++)
        {
            writer.Edit(RandomEdit(random, writer.Text));
            if (committed.Count > 0) writer.Receive([committed[^1]]);
        }
        reader.Receive([.. committed.OrderBy(_ => random.Next())]);
        return reader.Text == server.State.Text && reader.Version == server.State.TextVersion;
    }

    [Fact]
    public void A_refused_operation_drops_the_local_edits_and_returns_to_the_servers_text()
    {
        var server = new Server(NewParagraph("ab"));
        var doc = new ParagraphDocument(server.State.Id, "ab", 0, "me");
        var sent = new List<PendingOperationState>();
        doc.ReadyToSend += sent.Add;
        doc.Edit(TextOperation.Empty.Retain(2).Insert("c"));
        doc.Edit(TextOperation.Empty.Retain(3).Insert("d"));
        var other = new ParagraphDocument(server.State.Id, "ab", 0, "other");
        other.ReadyToSend += p => doc.Receive([server.Receive(p, "other")]);
        other.Edit(TextOperation.Empty.Insert("x").Retain(2));

        doc.Reject(sent[0].ClientOperationId);
        Assert.Equal("xab", doc.Text);
        Assert.True(doc.IsSynchronized);
        Assert.Equal(1, doc.Version);
    }

    [Fact]
    public void An_own_operation_coming_back_acknowledges_it_and_sends_the_buffer()
    {
        var server = new Server(NewParagraph("ab"));
        var doc = new ParagraphDocument(server.State.Id, "ab", 0, "me");
        var sent = new List<PendingOperationState>();
        doc.ReadyToSend += sent.Add;
        doc.Edit(TextOperation.Empty.Retain(2).Insert("c"));
        doc.Edit(TextOperation.Empty.Retain(3).Insert("d"));
        Assert.Single(sent);
        Assert.NotNull(doc.Buffer);

        doc.Receive([server.Receive(sent[0], "me")]);
        Assert.Equal(2, sent.Count);
        Assert.Equal(1, sent[1].BaseVersion);
        doc.Receive([server.Receive(sent[1], "me")]);
        Assert.True(doc.IsSynchronized);
        Assert.Equal("abcd", doc.Text);
        Assert.Equal("abcd", server.State.Text);
    }

    [Fact]
    public void Operations_broadcast_while_a_whole_text_is_on_its_way_apply_after_it()
    {
        var server = new Server(NewParagraph("abc"));
        var writer = new ParagraphDocument(server.State.Id, "abc", 0, "writer");
        var texts = new List<string> { "abc" };
        var committed = new List<CommittedOperation>();
        writer.ReadyToSend += pending =>
        {
            committed.Add(server.Receive(pending, "writer"));
            texts.Add(server.State.Text);
        };
        for (var i = 0; i < 6; i++)
        {
            writer.Edit(TextOperation.Empty.Retain(CodePoints.Length(writer.Text)).Insert($"[{i}]"));
            writer.Receive([committed[^1]]);
        }

        // Far behind: versions 5 and 6 arrive, then the whole text at version 4 answered before they were committed.
        var reader = new ParagraphDocument(server.State.Id, "abc", 0, "reader");
        reader.Receive([committed[4], committed[5]]);
        reader.Reset(texts[4], 4);
        Assert.Equal(6, reader.Version);
        Assert.Equal(server.State.Text, reader.Text);

        // A whole text older than what was applied meanwhile changes nothing.
        reader.Reset(texts[5], 5);
        Assert.Equal(6, reader.Version);
        Assert.Equal(server.State.Text, reader.Text);
    }

    [Fact]
    public void A_buffer_too_large_for_one_message_is_sent_in_parts_that_no_concurrent_edit_can_cut_into()
    {
        // Edits buffered during an outage: a long run at the start, then one short insert at the end of the paragraph
        // that straddles the per-message limit. Another member appends at the end between the parts.
        const string baseText = "Base text.";
        var server = new Server(NewParagraph(baseText));
        var me = new ParagraphDocument(server.State.Id, baseText, 0, "me");
        var other = new ParagraphDocument(server.State.Id, baseText, 0, "other");
        var sent = new Queue<PendingOperationState>();
        me.ReadyToSend += sent.Enqueue;
        var broadcast = new List<CommittedOperation>();
        other.ReadyToSend += p => broadcast.Add(server.Receive(p, "other"));
        var typed = new List<string>();
        void Append(ParagraphDocument doc, string marker)
        {
            typed.Add(marker);
            doc.Edit(TextOperation.Empty.Retain(doc.Text.Length).Insert(marker));
        }

        Append(me, "[m-1]");
        for (var n = 100; me.Buffer is null || me.Buffer.InsertedLength + 7 < ParagraphDocument.MaxInsertedPerMessage - 3; n++)
        {
            typed.Add($"[p-{n}]");
            me.Edit(TextOperation.Empty.Insert($"[p-{n}]").Retain(me.Text.Length));
        }
        Append(me, "[e-1000]");
        Assert.InRange(me.Buffer!.InsertedLength, ParagraphDocument.MaxInsertedPerMessage + 1, ParagraphDocument.MaxInsertedPerMessage + 7);

        broadcast.Add(server.Receive(sent.Dequeue(), "me"));
        me.Receive(broadcast);
        other.Receive(broadcast);
        broadcast.Add(server.Receive(sent.Dequeue(), "me"));
        other.Receive(broadcast);
        Append(other, "[o-1]");
        for (var round = 0; round < 10 && !me.IsSynchronized; round++)
        {
            me.Receive(broadcast);
            if (sent.TryDequeue(out var part)) broadcast.Add(server.Receive(part, "me"));
        }
        me.Receive(broadcast);
        other.Receive(broadcast);

        var text = server.State.Text;
        Assert.All(typed, marker => Assert.Single(System.Text.RegularExpressions.Regex.Matches(text, System.Text.RegularExpressions.Regex.Escape(marker))));
        Assert.Equal(baseText.Length + typed.Sum(m => m.Length), text.Length);
        Assert.EndsWith("[o-1][e-1000]", text);
        Assert.Equal(text, me.Text);
        Assert.Equal(text, other.Text);
        Assert.True(me.IsSynchronized && other.IsSynchronized);
    }
}

public sealed class SplitTests
{
    private static readonly string[] Alphabet = ["a", "😀", "核", "e\u0301", "ب"];

    [FsCheck.Xunit.Property(MaxTest = 300)]
    public bool A_split_operation_composes_back_to_the_original_and_each_part_stays_within_the_limit(int seed)
    {
        var random = new Random(seed);
        var text = string.Concat(Enumerable.Range(0, random.Next(0, 30)).Select(_ => Alphabet[random.Next(Alphabet.Length)]));
        var length = CodePoints.Length(text);
        var op = TextOperation.Empty;
        var at = 0;
        while (at < length || random.Next(3) > 0)
        {
            var choice = random.Next(3);
            if (choice == 0 && at < length) { var n = random.Next(1, length - at + 1); op = op.Retain(n); at += n; }
            else if (choice == 1 && at < length) { var n = random.Next(1, length - at + 1); op = op.Delete(n); at += n; }
            else op = op.Insert(string.Concat(Enumerable.Range(0, random.Next(1, 40)).Select(_ => Alphabet[random.Next(Alphabet.Length)])));
            if (random.Next(10) == 0) break;
        }
        if (at < length) op = op.Retain(length - at);

        var limit = random.Next(1, 25);
        var parts = new List<TextOperation>();
        var remaining = (TextOperation?)op;
        while (remaining is not null)
        {
            var (first, rest) = TextOperation.Split(remaining, limit);
            parts.Add(first);
            remaining = rest;
        }
        var result = parts.Aggregate(text, TextOperation.Apply);
        return result == TextOperation.Apply(text, op) && parts.All(p => p.InsertedLength <= limit);
    }

    [FsCheck.Xunit.Property(MaxTest = 300)]
    public bool A_split_cuts_only_between_inserts_when_each_fits_within_the_limit(int seed)
    {
        var random = new Random(seed);
        var limit = random.Next(5, 25);
        var text = string.Concat(Enumerable.Range(0, random.Next(0, 30)).Select(_ => Alphabet[random.Next(Alphabet.Length)]));
        var length = CodePoints.Length(text);
        // Inserts of at most the limit, separated by retains so that none merge.
        var op = TextOperation.Empty;
        var at = 0;
        var inserts = new List<string>();
        for (var k = random.Next(1, 12); k > 0; k--)
        {
            var insert = string.Concat(Enumerable.Range(0, random.Next(1, limit + 1)).Select(_ => Alphabet[random.Next(Alphabet.Length)]));
            while (CodePoints.Length(insert) > limit) insert = CodePoints.Slice(insert, 0, limit);
            op = op.Insert(insert);
            inserts.Add(insert);
            if (at == length) break;
            var n = random.Next(1, length - at + 1);
            op = op.Retain(n);
            at += n;
        }
        if (at < length) op = op.Retain(length - at);

        var parts = new List<TextOperation>();
        for (var remaining = (TextOperation?)op; remaining is not null;)
        {
            var (first, rest) = TextOperation.Split(remaining, limit);
            parts.Add(first);
            remaining = rest;
        }
        var sentInserts = parts.SelectMany(p => p.Components.OfType<TextComponent.Insert>().Select(i => i.Text)).ToList();
        return parts.Aggregate(text, TextOperation.Apply) == TextOperation.Apply(text, op) && sentInserts.SequenceEqual(inserts);
    }
}
