// ELF64 symbol-version-requirement reader and "mark weak" patcher.
//
// It is a build step, not part of any public API. This one file is compiled twice:
//   * into SymDiff.Torch as internal types (SYMDIFF_TORCH_LIBRARY is defined by SymDiff.Torch.csproj), where tests
//     and TorchRuntime use it to inspect the libLibTorchSharp.so that is actually loaded;
//   * by MSBuild's RoslynCodeTaskFactory (build/LibTorchSharpPatch.targets), where the
//     PatchLibTorchSharpVersionNeeds task at the bottom of the file is included as well.
// The inline-task compilation references netstandard 2.0 only and enables no implicit usings, so the
// code below sticks to netstandard 2.0 APIs (no Span, no File.Move(overwrite), no records).
#nullable enable
using System;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace SymDiff.Torch
{
    /// <summary>
    /// One <c>Elf64_Vernaux</c> entry of an ELF file's <c>.gnu.version_r</c> section: a symbol version
    /// (e.g. <c>GLIBCXX_3.4.32</c>) that the file requires from one of its DT_NEEDED libraries.
    /// </summary>
#if SYMDIFF_TORCH_LIBRARY
    internal
#else
    public
#endif
    sealed class ElfVersionNeed
    {
        internal ElfVersionNeed(string library, string versionName, ushort flags, ushort versionIndex, long flagsOffset)
        {
            Library = library;
            VersionName = versionName;
            Flags = flags;
            VersionIndex = versionIndex;
            FlagsFileOffset = flagsOffset;
        }

        /// <summary>The library the version is required from (<c>vn_file</c>, e.g. <c>libstdc++.so.6</c>).</summary>
        public string Library { get; }

        /// <summary>The version name (<c>vna_name</c>).</summary>
        public string VersionName { get; }

        /// <summary>The <c>vna_flags</c> field (<see cref="ElfVersionNeeds.VerFlagWeak"/> = 2 marks a weak requirement).</summary>
        public ushort Flags { get; }

        /// <summary>The version index (<c>vna_other</c>) that <c>.gnu.version</c> entries use to refer to this version.</summary>
        public ushort VersionIndex { get; }

        /// <summary>File offset of the two-byte little-endian <c>vna_flags</c> field.</summary>
        public long FlagsFileOffset { get; }

        /// <summary>True when the requirement is weak: the dynamic loader tolerates its absence.</summary>
        public bool IsWeak => (Flags & ElfVersionNeeds.VerFlagWeak) != 0;

        /// <inheritdoc />
        public override string ToString() =>
            Library + ": " + VersionName + " (index " + VersionIndex + ", flags 0x" + Flags.ToString("x") + ")";
    }

    /// <summary>Outcome of <see cref="ElfVersionNeeds.MarkWeak"/>.</summary>
#if SYMDIFF_TORCH_LIBRARY
    internal
#else
    public
#endif
    enum ElfMarkWeakOutcome
    {
        /// <summary>The entry was strong and has been marked weak (the file was replaced).</summary>
        Patched,
        /// <summary>The entry was already weak; nothing written.</summary>
        AlreadyWeak,
        /// <summary>No such entry; nothing written.</summary>
        NotPresent,
        /// <summary>A relocation binds a symbol of that version, so weakening it would be unsafe; nothing written.</summary>
        RefusedVersionInUse,
        /// <summary>Not a little-endian ELF64 file with section headers; nothing written.</summary>
        NotElf64,
    }

    /// <summary>Result of <see cref="ElfVersionNeeds.MarkWeak"/>: outcome plus a human-readable message.</summary>
#if SYMDIFF_TORCH_LIBRARY
    internal
#else
    public
#endif
    sealed class ElfMarkWeakResult
    {
        internal ElfMarkWeakResult(ElfMarkWeakOutcome outcome, string message, ElfVersionNeed? entry)
        {
            Outcome = outcome;
            Message = message;
            Entry = entry;
        }

        /// <summary>What happened.</summary>
        public ElfMarkWeakOutcome Outcome { get; }

        /// <summary>Explanation suitable for a build log.</summary>
        public string Message { get; }

        /// <summary>The matched entry as it was before any change (null when absent or not ELF).</summary>
        public ElfVersionNeed? Entry { get; }
    }

    /// <summary>
    /// Reads the symbol version requirements (<c>.gnu.version_r</c>, SHT_GNU_verneed) of a little-endian
    /// ELF64 file by walking its section headers, and tells which of them are actually bound by a
    /// dynamic relocation. Used to make TorchSharp's <c>libLibTorchSharp.so</c> loadable on libstdc++
    /// older than GCC 13; see <see cref="MarkWeak"/>.
    /// </summary>
#if SYMDIFF_TORCH_LIBRARY
    internal
#else
    public
#endif
    sealed class ElfVersionNeeds
    {
        /// <summary><c>VER_FLG_WEAK</c>: the version requirement is weak.</summary>
        public const ushort VerFlagWeak = 0x2;

        private const uint ShtRela = 4;
        private const uint ShtRel = 9;
        private const uint ShtDynSym = 11;
        private const uint ShtGnuVerneed = 0x6ffffffe;
        private const uint ShtGnuVersym = 0x6fffffff;

        private readonly byte[] _image;
        private readonly List<Section> _sections;
        private readonly List<ElfVersionNeed> _entries;

        private ElfVersionNeeds(byte[] image, List<Section> sections, List<ElfVersionNeed> entries)
        {
            _image = image;
            _sections = sections;
            _entries = entries;
        }

        /// <summary>All Vernaux entries, in file order.</summary>
        public IReadOnlyList<ElfVersionNeed> Entries => _entries;

        /// <summary>Reads and parses the file at <paramref name="path"/>.</summary>
        /// <exception cref="InvalidDataException">Not a little-endian ELF64 file with section headers, or malformed.</exception>
        public static ElfVersionNeeds Read(string path) => Parse(File.ReadAllBytes(path));

        /// <summary>Parses an in-memory ELF image (the array is kept, not copied).</summary>
        /// <exception cref="InvalidDataException">Not a little-endian ELF64 file with section headers, or malformed.</exception>
        public static ElfVersionNeeds Parse(byte[] image)
        {
            if (image == null) throw new ArgumentNullException(nameof(image));
            if (image.Length < 64 || image[0] != 0x7f || image[1] != (byte)'E' || image[2] != (byte)'L' || image[3] != (byte)'F')
                throw new InvalidDataException("Not an ELF file.");
            if (image[4] != 2 || image[5] != 1)
                throw new InvalidDataException("Only little-endian ELF64 files are supported.");

            ulong shoff = U64(image, 0x28);
            int shentsize = U16(image, 0x3A);
            long shnum = U16(image, 0x3C);
            if (shoff == 0) throw new InvalidDataException("The ELF file has no section headers.");
            if (shentsize < 64) throw new InvalidDataException("Unexpected ELF64 section header size " + shentsize + ".");
            if (shnum == 0) // more than SHN_LORESERVE sections: the count lives in section 0's sh_size
                shnum = (long)U64(image, Checked(image, shoff, 64) + 32);

            var sections = new List<Section>();
            for (long i = 0; i < shnum; i++)
            {
                long at = Checked(image, shoff + (ulong)(i * shentsize), 64);
                var s = new Section(
                    type: U32(image, at + 4),
                    offset: U64(image, at + 24),
                    size: U64(image, at + 32),
                    link: U32(image, at + 40),
                    info: U32(image, at + 44),
                    entSize: U64(image, at + 56));
                sections.Add(s);
            }

            var entries = new List<ElfVersionNeed>();
            foreach (var verneed in sections)
            {
                if (verneed.Type != ShtGnuVerneed) continue;
                if (verneed.Link >= sections.Count) throw new InvalidDataException("SHT_GNU_verneed sh_link is out of range.");
                var strtab = sections[(int)verneed.Link];
                long secStart = Checked(image, verneed.Offset, verneed.Size);
                long secEnd = secStart + (long)verneed.Size;
                long vn = secStart;
                for (uint n = 0; n < verneed.Info; n++) // sh_info = number of Elf64_Verneed records
                {
                    if (vn < secStart || vn + 16 > secEnd) throw new InvalidDataException("Verneed record outside .gnu.version_r.");
                    int cnt = U16(image, vn + 2);
                    string file = CString(image, strtab, U32(image, vn + 4));
                    long aux = vn + U32(image, vn + 8);
                    for (int a = 0; a < cnt; a++)
                    {
                        if (aux < secStart || aux + 16 > secEnd) throw new InvalidDataException("Vernaux record outside .gnu.version_r.");
                        entries.Add(new ElfVersionNeed(
                            library: file,
                            versionName: CString(image, strtab, U32(image, aux + 8)),
                            flags: U16(image, aux + 4),
                            versionIndex: U16(image, aux + 6),
                            flagsOffset: aux + 4));
                        uint nextAux = U32(image, aux + 12);
                        if (nextAux == 0) break;
                        aux += nextAux;
                    }
                    uint next = U32(image, vn + 12);
                    if (next == 0) break;
                    vn += next;
                }
            }
            return new ElfVersionNeeds(image, sections, entries);
        }

        /// <summary>Finds the requirement for <paramref name="versionName"/>, optionally only from <paramref name="library"/>.</summary>
        public ElfVersionNeed? Find(string versionName, string? library = null)
        {
            foreach (var e in _entries)
                if (e.VersionName == versionName && (library == null || e.Library == library))
                    return e;
            return null;
        }

        /// <summary>
        /// Names of the dynamic symbols whose <c>.gnu.version</c> index is <paramref name="versionIndex"/> and
        /// that some relocation (SHT_RELA / SHT_REL sections linked to <c>.dynsym</c>, i.e. <c>.rela.dyn</c> and
        /// <c>.rela.plt</c>) refers to. Empty means no relocation needs the version: a requirement on it only
        /// gates loading and can be made weak without changing what gets bound.
        /// </summary>
        public IReadOnlyList<string> SymbolsBoundByRelocations(ushort versionIndex)
        {
            var result = new List<string>();
            int dynsymIndex = _sections.FindIndex(s => s.Type == ShtDynSym);
            int versymIndex = _sections.FindIndex(s => s.Type == ShtGnuVersym);
            if (dynsymIndex < 0 || versymIndex < 0) return result; // no versioned dynamic symbols at all

            var dynsym = _sections[dynsymIndex];
            var versym = _sections[versymIndex];
            if (dynsym.Link >= _sections.Count) throw new InvalidDataException(".dynsym sh_link is out of range.");
            var dynstr = _sections[(int)dynsym.Link];
            long symStart = Checked(_image, dynsym.Offset, dynsym.Size);
            ulong symEnt = dynsym.EntSize == 0 ? 24UL : dynsym.EntSize;
            ulong symCount = dynsym.Size / symEnt;
            long verStart = Checked(_image, versym.Offset, versym.Size);
            ulong verCount = versym.Size / 2;

            var seen = new HashSet<ulong>();
            foreach (var rel in _sections)
            {
                if ((rel.Type != ShtRela && rel.Type != ShtRel) || rel.Link != (uint)dynsymIndex) continue;
                ulong relEnt = rel.EntSize != 0 ? rel.EntSize : (rel.Type == ShtRela ? 24UL : 16UL);
                long relStart = Checked(_image, rel.Offset, rel.Size);
                ulong relCount = rel.Size / relEnt;
                for (ulong r = 0; r < relCount; r++)
                {
                    ulong info = U64(_image, relStart + (long)(r * relEnt) + 8);
                    ulong sym = info >> 32; // ELF64_R_SYM
                    if (sym == 0 || sym >= symCount || sym >= verCount || !seen.Add(sym)) continue;
                    int version = U16(_image, verStart + (long)sym * 2) & 0x7fff; // bit 15 = hidden
                    if (version != versionIndex) continue;
                    uint nameOffset = U32(_image, symStart + (long)(sym * symEnt));
                    result.Add(CString(_image, dynstr, nameOffset));
                }
            }
            return result;
        }

        /// <summary>
        /// Marks the <paramref name="library"/> / <paramref name="versionName"/> requirement of the ELF file at
        /// <paramref name="path"/> weak (<c>vna_flags |= VER_FLG_WEAK</c>) when no relocation uses that version.
        /// Idempotent. The file is never written in place: a patched sibling temporary file (same permissions and
        /// last-write time as the original) is renamed over <paramref name="path"/>, so when the path is a hard link
        /// into the NuGet cache the link is broken instead of the cache file being modified.
        /// </summary>
        public static ElfMarkWeakResult MarkWeak(string path, string versionName, string library)
        {
            byte[] image = File.ReadAllBytes(path);
            ElfVersionNeeds elf;
            try
            {
                elf = Parse(image);
            }
            catch (InvalidDataException e)
            {
                return new ElfMarkWeakResult(ElfMarkWeakOutcome.NotElf64, path + ": " + e.Message, null);
            }

            var entry = elf.Find(versionName, library);
            if (entry == null)
                return new ElfMarkWeakResult(ElfMarkWeakOutcome.NotPresent,
                    path + ": no " + versionName + " requirement on " + library + "; nothing to do.", null);
            if (entry.IsWeak)
                return new ElfMarkWeakResult(ElfMarkWeakOutcome.AlreadyWeak,
                    path + ": " + versionName + " requirement is already weak.", entry);

            var used = elf.SymbolsBoundByRelocations(entry.VersionIndex);
            if (used.Count > 0)
                return new ElfMarkWeakResult(ElfMarkWeakOutcome.RefusedVersionInUse,
                    path + ": relocations bind " + used.Count + " symbol(s) versioned " + versionName + " (" +
                    FirstFew(used, 5) +
                    "); it really needs libstdc++ from GCC 13 or newer, so it was left unchanged.", entry);

            ushort flags = (ushort)(entry.Flags | VerFlagWeak);
            var bytes = new[] { (byte)(flags & 0xff), (byte)(flags >> 8) };

            string fullPath = Path.GetFullPath(path);
            string directory = Path.GetDirectoryName(fullPath) ?? ".";
            string temp = Path.Combine(directory, "." + Path.GetFileName(fullPath) + "." + Guid.NewGuid().ToString("N") + ".tmp");
            try
            {
                DateTime lastWrite = File.GetLastWriteTimeUtc(fullPath);
                File.Copy(fullPath, temp); // new inode; keeps the permission bits
                using (var stream = new FileStream(temp, FileMode.Open, FileAccess.Write, FileShare.None))
                {
                    stream.Seek(entry.FlagsFileOffset, SeekOrigin.Begin);
                    stream.Write(bytes, 0, bytes.Length);
                }
                // Keep the original timestamp: the SDK's copy steps (SkipUnchangedFiles) then see an
                // unchanged file and do not copy the unpatched package file back on the next build.
                File.SetLastWriteTimeUtc(temp, lastWrite);
                File.Replace(temp, fullPath, null); // rename(2) on Unix: replaces the directory entry
            }
            finally
            {
                if (File.Exists(temp)) File.Delete(temp);
            }

            return new ElfMarkWeakResult(ElfMarkWeakOutcome.Patched,
                path + ": marked the " + library + " " + versionName + " requirement weak (vna_flags 0x" +
                entry.Flags.ToString("x") + " -> 0x" + flags.ToString("x") + " at file offset 0x" +
                entry.FlagsFileOffset.ToString("X") + ").", entry);
        }

        private static string FirstFew(IReadOnlyList<string> names, int max)
        {
            var shown = new List<string>();
            for (int i = 0; i < names.Count && i < max; i++) shown.Add(names[i]);
            return string.Join(", ", shown) + (names.Count > max ? ", ..." : "");
        }

        private sealed class Section
        {
            public Section(uint type, ulong offset, ulong size, uint link, uint info, ulong entSize)
            {
                Type = type;
                Offset = offset;
                Size = size;
                Link = link;
                Info = info;
                EntSize = entSize;
            }

            public uint Type { get; }
            public ulong Offset { get; }
            public ulong Size { get; }
            public uint Link { get; }
            public uint Info { get; }
            public ulong EntSize { get; }
        }

        private static long Checked(byte[] image, ulong offset, ulong size)
        {
            if (offset > (ulong)image.Length || size > (ulong)image.Length - offset)
                throw new InvalidDataException("ELF structure at offset 0x" + offset.ToString("X") + " lies outside the file.");
            return (long)offset;
        }

        private static string CString(byte[] image, Section strtab, uint offset)
        {
            long start = Checked(image, strtab.Offset, strtab.Size);
            if (offset >= strtab.Size) throw new InvalidDataException("String offset outside its string table.");
            long end = start + (long)offset;
            long limit = start + (long)strtab.Size;
            while (end < limit && image[end] != 0) end++;
            return Encoding.UTF8.GetString(image, (int)(start + offset), (int)(end - start - offset));
        }

        private static ushort U16(byte[] b, long at)
        {
            if (at < 0 || at + 2 > b.Length) throw new InvalidDataException("Read past the end of the ELF file.");
            return (ushort)(b[at] | b[at + 1] << 8);
        }

        private static uint U32(byte[] b, long at)
        {
            if (at < 0 || at + 4 > b.Length) throw new InvalidDataException("Read past the end of the ELF file.");
            return (uint)(b[at] | b[at + 1] << 8 | b[at + 2] << 16 | b[at + 3] << 24);
        }

        private static ulong U64(byte[] b, long at) => U32(b, at) | (ulong)U32(b, at + 4) << 32;
    }

#if !SYMDIFF_TORCH_LIBRARY
    /// <summary>
    /// MSBuild task (inline, RoslynCodeTaskFactory): applies <see cref="ElfVersionNeeds.MarkWeak"/> to each of
    /// <see cref="Files"/>. Never fails the build: a refusal or an I/O error becomes a warning and the file is left
    /// as it was. <see cref="Handled"/> lists the files that are now in their final state (patched, already weak,
    /// or nothing to patch), for the caller's up-to-date stamp.
    /// </summary>
    public class PatchLibTorchSharpVersionNeeds : Microsoft.Build.Utilities.Task
    {
        [Microsoft.Build.Framework.Required]
        public Microsoft.Build.Framework.ITaskItem[] Files { get; set; } = new Microsoft.Build.Framework.ITaskItem[0];

        public string VersionName { get; set; } = "GLIBCXX_3.4.32";

        public string Library { get; set; } = "libstdc++.so.6";

        [Microsoft.Build.Framework.Output]
        public Microsoft.Build.Framework.ITaskItem[] Handled { get; set; } = new Microsoft.Build.Framework.ITaskItem[0];

        public override bool Execute()
        {
            var handled = new List<Microsoft.Build.Framework.ITaskItem>();
            foreach (var item in Files)
            {
                string path = item.GetMetadata("FullPath");
                if (!File.Exists(path))
                {
                    Log.LogMessage(Microsoft.Build.Framework.MessageImportance.Low, "LibTorchSharp patch: " + path + " does not exist.");
                    continue;
                }
                try
                {
                    var result = ElfVersionNeeds.MarkWeak(path, VersionName, Library);
                    switch (result.Outcome)
                    {
                        case ElfMarkWeakOutcome.Patched:
                            Log.LogMessage(Microsoft.Build.Framework.MessageImportance.High, "LibTorchSharp patch: " + result.Message);
                            handled.Add(item);
                            break;
                        case ElfMarkWeakOutcome.RefusedVersionInUse:
                            Log.LogWarning(null, "SYMDIFFTORCH001", null, path, 0, 0, 0, 0, "LibTorchSharp patch refused: " + result.Message);
                            break;
                        case ElfMarkWeakOutcome.NotElf64:
                            Log.LogWarning(null, "SYMDIFFTORCH002", null, path, 0, 0, 0, 0, "LibTorchSharp patch skipped: " + result.Message);
                            break;
                        default:
                            Log.LogMessage(Microsoft.Build.Framework.MessageImportance.Normal, "LibTorchSharp patch: " + result.Message);
                            handled.Add(item);
                            break;
                    }
                }
                catch (Exception e) when (e is IOException || e is UnauthorizedAccessException || e is InvalidDataException)
                {
                    Log.LogWarning(null, "SYMDIFFTORCH003", null, path, 0, 0, 0, 0, "LibTorchSharp patch failed, file left unchanged: " + e.Message);
                }
            }
            Handled = handled.ToArray();
            return true;
        }
    }
#endif
}
