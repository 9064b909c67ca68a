# 全局搜索（页眉搜索框、/search、联想建议）以及投诉表单的客户选择器。
search-title = 搜索
search-field = 搜索客户和投诉
search-placeholder = 搜索客户、投诉…
search-suggestions = 搜索建议
search-submit = 搜索
search-results-for = “{ $q }”的搜索结果
search-customers = 客户
search-complaints = 投诉
search-see-all-customers = 查看所有匹配的客户
search-see-all-complaints = 查看所有匹配的投诉
search-no-customers = 没有匹配的客户。
search-no-complaints = 没有匹配的投诉。
search-hint = 可按姓名、电子邮件、电话或编号查找客户，按编号（如 #1a2b3c4d）或主题查找投诉。
search-nothing = 没有匹配项。
search-all-results = 全部结果
search-suggest-count = { $n ->
    [0] 没有建议
   *[other] { $n } 条建议
}
picker-find = 查找客户
picker-find-button = 查找
picker-hint = 输入姓名、电子邮件、电话或编号，然后从列表中选择。
picker-chosen = 已选客户
picker-matches = 匹配的客户
picker-none = 没有与“{ $q }”匹配的客户。
picker-more = 还有更多匹配的客户：请输入更完整的姓名，或电子邮件、电话。
