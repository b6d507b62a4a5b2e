namespace UploadClients;

/// <summary>How <see cref="CsvInspector.ClassifyPhoneNumber"/> reads one phone value (libphonenumber's rules, US as the default region).</summary>
public enum PhoneNumberKind
{
    /// <summary>Blank: nothing but white space.</summary>
    Empty = 0,

    /// <summary>Not a valid number: wrong length, an unassigned area code, letters that spell nothing, another country's invalid number.</summary>
    Invalid = 1,

    /// <summary>A valid number of the United States or Canada (what OptimalDial counts and charges).</summary>
    ValidUsCanada = 2,

    /// <summary>A valid number of another country, including the other NANP countries (Jamaica's +1 876, …).</summary>
    ValidElsewhere = 3,
}
