"""The demo's departments that steer the province's administration and economy: construction, justice,
planning and investment, finance, home affairs."""

from typing import Final

from sampledata.demo_agency import OFFICE, Agency

STATE_AGENCIES: Final = (
    Agency(
        "SXD",
        "Sở Xây dựng",
        {
            "Hoạt động xây dựng": (
                "giấy phép xây dựng công trình cấp I, cấp II",
                "giấy phép xây dựng công trình tôn giáo, tín ngưỡng",
                "giấy phép di dời công trình",
                "chứng chỉ hành nghề hoạt động xây dựng hạng II, hạng III",
                "chứng chỉ năng lực hoạt động xây dựng hạng II, hạng III",
                "Thẩm định báo cáo nghiên cứu khả thi đầu tư xây dựng",
                "Thẩm định thiết kế xây dựng triển khai sau thiết kế cơ sở",
                "Kiểm tra công tác nghiệm thu hoàn thành công trình xây dựng",
            ),
            "Quy hoạch xây dựng": (
                "Cung cấp thông tin về quy hoạch xây dựng",
                "Thẩm định nhiệm vụ quy hoạch chi tiết xây dựng",
                "Thẩm định đồ án quy hoạch chi tiết xây dựng",
                "Điều chỉnh quy hoạch chi tiết xây dựng",
                "giấy phép quy hoạch dự án đầu tư xây dựng",
            ),
            "Nhà ở": (
                "Thuê nhà ở công vụ",
                "Thuê, thuê mua nhà ở xã hội thuộc sở hữu nhà nước",
                "Thẩm định giá bán, giá thuê mua nhà ở xã hội",
                "Công nhận chủ đầu tư dự án xây dựng nhà ở",
                "Bán nhà ở cũ thuộc sở hữu nhà nước",
            ),
            "Kinh doanh bất động sản": (
                "chứng chỉ hành nghề môi giới bất động sản",
                "Chuyển nhượng toàn bộ hoặc một phần dự án bất động sản",
            ),
        },
        divisions=(*OFFICE, ("QLXD", "Phòng Quản lý xây dựng"), ("QHKT", "Phòng Quy hoạch – Kiến trúc")),
        units=(("TTKD", "Trung tâm Kiểm định chất lượng xây dựng"),),
        daily=0.25,
        online=0.02,
        online_growth=0.01,
        late=0.07,
        levels=(0.15, 0.45, 0.3, 0.1),
    ),
    Agency(
        "STP",
        "Sở Tư pháp",
        {
            "Hộ tịch": (
                "Đăng ký khai sinh có yếu tố nước ngoài",
                "Đăng ký kết hôn có yếu tố nước ngoài",
                "Đăng ký khai tử có yếu tố nước ngoài",
                "Thay đổi, cải chính, bổ sung thông tin hộ tịch có yếu tố nước ngoài",
                "Ghi vào Sổ hộ tịch việc kết hôn của công dân Việt Nam đã được giải quyết tại cơ quan có thẩm quyền "
                "của nước ngoài",
                "Cấp bản sao trích lục hộ tịch",
            ),
            "Lý lịch tư pháp": (
                "Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam, người nước ngoài đang cư trú tại Việt Nam",
                "Cấp Phiếu lý lịch tư pháp cho cơ quan tiến hành tố tụng",
                "Cấp Phiếu lý lịch tư pháp cho cơ quan nhà nước, tổ chức chính trị, tổ chức chính trị – xã hội",
            ),
            "Công chứng": (
                "Đăng ký tập sự hành nghề công chứng",
                "Đăng ký hành nghề và cấp Thẻ công chứng viên",
                "Cấp lại Thẻ công chứng viên",
                "Thành lập Văn phòng công chứng",
                "Đăng ký hoạt động Văn phòng công chứng",
                "Thay đổi nội dung đăng ký hoạt động của Văn phòng công chứng",
                "Chuyển nhượng Văn phòng công chứng",
                "Hợp nhất Văn phòng công chứng",
            ),
            "Luật sư": (
                "Đăng ký hoạt động của tổ chức hành nghề luật sư",
                "Thay đổi nội dung đăng ký hoạt động của tổ chức hành nghề luật sư",
                "Đăng ký hoạt động của chi nhánh của tổ chức hành nghề luật sư",
                "Đăng ký hành nghề luật sư với tư cách cá nhân",
            ),
            "Đấu giá tài sản": (
                "Đăng ký hoạt động của doanh nghiệp đấu giá tài sản",
                "Thay đổi nội dung đăng ký hoạt động của doanh nghiệp đấu giá tài sản",
                "Cấp Thẻ đấu giá viên",
                "Cấp lại Thẻ đấu giá viên",
            ),
            "Trợ giúp pháp lý": (
                "Thực hiện trợ giúp pháp lý",
                "Yêu cầu thay đổi người thực hiện trợ giúp pháp lý",
                "Lựa chọn, ký hợp đồng với luật sư thực hiện trợ giúp pháp lý",
            ),
            "Quốc tịch": (
                "Nhập quốc tịch Việt Nam",
                "Trở lại quốc tịch Việt Nam ở trong nước",
                "Thôi quốc tịch Việt Nam ở trong nước",
                "Cấp Giấy xác nhận có quốc tịch Việt Nam ở trong nước",
            ),
            "Giám định tư pháp": (
                "Bổ nhiệm giám định viên tư pháp",
                "Miễn nhiệm giám định viên tư pháp",
                "Đăng ký thành lập Văn phòng giám định tư pháp",
            ),
        },
        divisions=(*OFFICE, ("HCTP", "Phòng Hành chính tư pháp"), ("BTTP", "Phòng Bổ trợ tư pháp")),
        units=(("TGPL", "Trung tâm Trợ giúp pháp lý nhà nước"), ("PCC1", "Phòng Công chứng số 1")),
        daily=0.3,
        online=0.2,
    ),
    Agency(
        "SKHDT",
        "Sở Kế hoạch và Đầu tư",
        {
            "Thành lập và hoạt động của doanh nghiệp": (
                "Đăng ký thành lập doanh nghiệp tư nhân",
                "Đăng ký thành lập công ty TNHH một thành viên",
                "Đăng ký thành lập công ty TNHH hai thành viên trở lên",
                "Đăng ký thành lập công ty cổ phần",
                "Đăng ký thay đổi địa chỉ trụ sở chính của doanh nghiệp",
                "Đăng ký thay đổi tên doanh nghiệp",
                "Đăng ký thay đổi người đại diện theo pháp luật của công ty",
                "Đăng ký thay đổi vốn điều lệ",
                "Thông báo tạm ngừng kinh doanh",
                "Giải thể doanh nghiệp",
                "Đăng ký hoạt động chi nhánh, văn phòng đại diện, địa điểm kinh doanh",
                "Cấp lại Giấy chứng nhận đăng ký doanh nghiệp",
            ),
            "Thành lập và hoạt động của hợp tác xã": (
                "Đăng ký thành lập liên hiệp hợp tác xã",
                "Đăng ký thay đổi nội dung đăng ký liên hiệp hợp tác xã",
                "Giải thể tự nguyện liên hiệp hợp tác xã",
            ),
            "Đầu tư tại Việt Nam": (
                "Quyết định chủ trương đầu tư của UBND cấp tỉnh",
                "Điều chỉnh quyết định chủ trương đầu tư",
                "giấy chứng nhận đăng ký đầu tư",
                "Chuyển nhượng dự án đầu tư",
                "Tạm ngừng, ngừng hoạt động của dự án đầu tư",
                "Góp vốn, mua cổ phần, mua phần vốn góp của nhà đầu tư nước ngoài",
            ),
            "Đấu thầu": (
                "Thẩm định kế hoạch lựa chọn nhà thầu",
                "Thẩm định hồ sơ mời thầu",
                "Thẩm định kết quả lựa chọn nhà thầu",
            ),
            "Vốn hỗ trợ phát triển chính thức (ODA)": (
                "Lấy ý kiến về đề xuất dự án sử dụng vốn ODA",
                "Thẩm định chủ trương đầu tư dự án sử dụng vốn ODA",
            ),
        },
        divisions=(*OFFICE, ("DKKD", "Phòng Đăng ký kinh doanh"), ("KTDN", "Phòng Kinh tế đối ngoại")),
        daily=0.3,
        online=0.35,
        online_growth=0.08,
    ),
    Agency(
        "STC",
        "Sở Tài chính",
        {
            "Quản lý công sản": (
                "Quyết định mua sắm tài sản công",
                "Quyết định thuê tài sản phục vụ hoạt động của cơ quan",
                "Quyết định điều chuyển tài sản công",
                "Quyết định bán tài sản công",
                "Quyết định thanh lý tài sản công",
                "Quyết định tiêu hủy tài sản công",
                "Quyết định xử lý tài sản công trong trường hợp bị mất, bị hủy hoại",
            ),
            "Quản lý giá": (
                "Đăng ký giá của doanh nghiệp",
                "Kê khai giá của doanh nghiệp",
                "Hiệp thương giá",
                "Thẩm định phương án giá do UBND tỉnh quyết định",
            ),
            "Tài chính ngân sách": (
                "Cấp mã số đơn vị có quan hệ với ngân sách",
                "Thẩm tra quyết toán dự án hoàn thành",
                "Thẩm định quyết toán vốn đầu tư dự án hoàn thành",
            ),
            "Tài chính doanh nghiệp": (
                "Xác nhận trường hợp được hỗ trợ lãi suất",
                "Phê duyệt quỹ tiền lương, thù lao của người quản lý doanh nghiệp nhà nước",
            ),
        },
        divisions=(*OFFICE, ("QLNS", "Phòng Quản lý ngân sách"), ("GCS", "Phòng Quản lý giá và công sản")),
        daily=0.05,
    ),
    Agency(
        "SNV",
        "Sở Nội vụ",
        {
            "Tổ chức phi chính phủ": (
                "Công nhận ban vận động thành lập hội",
                "Cho phép thành lập hội",
                "Phê duyệt điều lệ hội",
                "Chia, tách, sáp nhập, hợp nhất hội",
                "Đổi tên hội",
                "Hội tự giải thể",
                "giấy phép thành lập và công nhận điều lệ quỹ",
            ),
            "Thi đua, khen thưởng": (
                "Tặng Bằng khen của Chủ tịch UBND tỉnh",
                "Tặng danh hiệu Cờ thi đua của UBND tỉnh",
                "Tặng danh hiệu Chiến sĩ thi đua cấp tỉnh",
                "Tặng danh hiệu Tập thể lao động xuất sắc",
            ),
            "Tôn giáo": (
                "Đăng ký người được bổ nhiệm, bầu cử, suy cử làm chức việc",
                "Thông báo tổ chức hội nghị thường niên của tổ chức tôn giáo",
                "Đề nghị tổ chức cuộc lễ ngoài cơ sở tôn giáo",
                "Đăng ký sinh hoạt tôn giáo tập trung",
            ),
            "Văn thư và lưu trữ": (
                "Phục vụ việc sử dụng tài liệu của độc giả tại phòng đọc",
                "chứng chỉ hành nghề lưu trữ",
            ),
            "Công chức, viên chức": (
                "Thi tuyển công chức",
                "Xét tuyển viên chức",
                "Thăng hạng chức danh nghề nghiệp viên chức",
                "Tiếp nhận vào làm công chức",
            ),
        },
        divisions=(
            *OFFICE,
            ("TCBC", "Phòng Tổ chức, biên chế và tổ chức phi chính phủ"),
            ("CCHC", "Phòng Cải cách hành chính"),
        ),
        units=(("BTDKT", "Ban Thi đua – Khen thưởng"), ("CCVTLT", "Chi cục Văn thư – Lưu trữ")),
        daily=0.08,
    ),
)
