# Global search (header box, /search, suggestions) and the complaint form's customer picker.
search-title = Search
search-field = Search customers and complaints
search-placeholder = Search customers, complaints…
search-suggestions = Suggestions
search-submit = Search
search-results-for = Results for “{ $q }”
search-customers = Customers
search-complaints = Complaints
search-see-all-customers = See all matching customers
search-see-all-complaints = See all matching complaints
search-no-customers = No customer matches.
search-no-complaints = No complaint matches.
search-hint = Find customers by name, e-mail, phone or reference, and complaints by reference (such as #1a2b3c4d) or subject.
search-nothing = Nothing matches.
search-all-results = All results
search-suggest-count = { $n ->
    [0] No suggestions
    [one] 1 suggestion
   *[other] { $n } suggestions
}
picker-find = Find a customer
picker-find-button = Find
picker-hint = Type a name, e-mail, phone or reference and choose from the list.
picker-chosen = Chosen customer
picker-matches = Matching customers
picker-none = No customer matches “{ $q }”.
picker-more = More customers match: type more of the name, or the e-mail or phone.
