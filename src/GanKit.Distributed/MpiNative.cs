using System.Runtime.InteropServices;

namespace GanKit.Distributed;

/// <summary>
/// The MPI functions GanKit calls, bound at run time to Open MPI's libmpi.so.40 (Open MPI 4 and 5). Open MPI's
/// handles (communicators, datatypes, operations) are addresses of exported globals such as
/// <c>ompi_mpi_comm_world</c>, so they are looked up as symbols. MPI.NET 1.4.0 is not used: it binds to Windows'
/// msmpi.dll with MS-MPI's integer handles and cannot talk to Open MPI (see docs/distributed.md).
/// </summary>
internal static unsafe class MpiNative
{
    public const int Success = 0;
    public const int ThreadSerialized = 2;

    // Open MPI's MPI_IN_PLACE is ((void *) 1).
    public static readonly nint InPlace = 1;

    private static readonly string[] Candidates = ["libmpi.so.40", "libmpi.so"];
    private const int RtldNow = 0x2, RtldGlobal = 0x100;

    public static readonly string InstallHint =
        "Install Open MPI (Debian/Ubuntu: 'sudo apt-get install openmpi-bin libopenmpi-dev'; scripts/install-prerequisites.sh does it)";

    private static nint _library;

    public static nint CommWorld { get; private set; }
    public static nint Float { get; private set; }
    public static nint Double { get; private set; }
    public static nint Byte { get; private set; }
    public static nint Sum { get; private set; }

    public static delegate* unmanaged<int*, nint*, int, int*, int> InitThread;
    public static delegate* unmanaged<int*, int> Initialized;
    public static delegate* unmanaged<int*, int> Finalized;
    public static delegate* unmanaged<int> Finalize;
    public static delegate* unmanaged<nint, int*, int> CommRank;
    public static delegate* unmanaged<nint, int*, int> CommSize;
    public static delegate* unmanaged<nint, nint, int, nint, nint, nint, int> Allreduce;
    public static delegate* unmanaged<nint, int, nint, int, nint, int> Bcast;
    public static delegate* unmanaged<nint, int> Barrier;
    public static delegate* unmanaged<int, byte*, int*, int> ErrorString;

    [DllImport("libc.so.6", EntryPoint = "dlopen")]
    private static extern nint DlOpen([MarshalAs(UnmanagedType.LPUTF8Str)] string file, int mode);

    /// <summary>Loads libmpi once; throws <see cref="MpiUnavailableException"/> naming the package when it is missing.</summary>
    public static void Load()
    {
        if (_library != 0) return;
        var failures = new List<string>();
        foreach (var name in Candidates)
        {
            // Open MPI loads its components (mca_*.so) with dlopen; they resolve libmpi's symbols only if libmpi was
            // opened RTLD_GLOBAL, which NativeLibrary.Load does not do. So open it globally first, then take the handle.
            try
            {
                if (OperatingSystem.IsLinux() && DlOpen(name, RtldNow | RtldGlobal) == 0) { failures.Add(name + ": not found"); continue; }
                if (NativeLibrary.TryLoad(name, out var handle)) { Bind(handle); return; }
                failures.Add(name + ": not loadable");
            }
            catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
            {
                failures.Add($"{name}: {ex.Message}");
            }
        }

        throw new MpiUnavailableException($"The MPI library could not be loaded ({string.Join("; ", failures)}). {InstallHint}.");
    }

    private static void Bind(nint library)
    {
        nint Symbol(string name) =>
            NativeLibrary.TryGetExport(library, name, out var address)
                ? address
                : throw new MpiUnavailableException($"The loaded MPI library has no '{name}': GanKit.Distributed needs Open MPI 4 or 5 (MPICH-based libraries are not supported). {InstallHint}.");

        CommWorld = Symbol("ompi_mpi_comm_world");
        Float = Symbol("ompi_mpi_float");
        Double = Symbol("ompi_mpi_double");
        Byte = Symbol("ompi_mpi_byte");
        Sum = Symbol("ompi_mpi_op_sum");
        InitThread = (delegate* unmanaged<int*, nint*, int, int*, int>)Symbol("MPI_Init_thread");
        Initialized = (delegate* unmanaged<int*, int>)Symbol("MPI_Initialized");
        Finalized = (delegate* unmanaged<int*, int>)Symbol("MPI_Finalized");
        Finalize = (delegate* unmanaged<int>)Symbol("MPI_Finalize");
        CommRank = (delegate* unmanaged<nint, int*, int>)Symbol("MPI_Comm_rank");
        CommSize = (delegate* unmanaged<nint, int*, int>)Symbol("MPI_Comm_size");
        Allreduce = (delegate* unmanaged<nint, nint, int, nint, nint, nint, int>)Symbol("MPI_Allreduce");
        Bcast = (delegate* unmanaged<nint, int, nint, int, nint, int>)Symbol("MPI_Bcast");
        Barrier = (delegate* unmanaged<nint, int>)Symbol("MPI_Barrier");
        ErrorString = (delegate* unmanaged<int, byte*, int*, int>)Symbol("MPI_Error_string");
        _library = library;
    }

    /// <summary>Throws <see cref="GanKitException"/> with MPI's own text when <paramref name="code"/> is not success.</summary>
    public static void Check(int code, string call)
    {
        if (code == Success) return;
        var text = stackalloc byte[512];
        int length = 0;
        string detail = ErrorString(code, text, &length) == Success ? System.Text.Encoding.ASCII.GetString(text, length) : "error " + code;
        throw new GanKitException($"{call} failed: {detail}.");
    }
}
